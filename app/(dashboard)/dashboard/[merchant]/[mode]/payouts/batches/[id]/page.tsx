import type { Metadata } from "next";
import { BatchDetail } from "@/components/dashboard/payouts/batch-detail";

export const metadata: Metadata = { title: "Payout batch" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BatchDetail id={id} />;
}
