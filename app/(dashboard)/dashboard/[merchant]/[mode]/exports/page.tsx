import type { Metadata } from "next";
import { ExportsPage } from "@/components/dashboard/exports/exports-page";
import { NETWORK_CATALOG } from "@/server/chains/catalog";

export const metadata: Metadata = { title: "Exports" };

export default async function Page({ params }: { params: Promise<{ mode: string }> }) {
  const { mode } = await params;
  // Every catalog network of the mode (not only the enabled ones): history on a network turned off still exports.
  const networks = NETWORK_CATALOG.filter((n) => n.livemode === (mode === "live")).map((n) => ({
    id: n.id,
    name: n.name,
    assets: [n.nativeAsset, ...n.tokens].map((a) => a.symbol),
  }));
  return <ExportsPage networks={networks} />;
}
