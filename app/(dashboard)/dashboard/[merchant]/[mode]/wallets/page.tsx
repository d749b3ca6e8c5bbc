import type { Metadata } from "next";
import { ComingSoon } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "Wallets" };

export default function Page() {
  return (
    <ComingSoon title="Wallets">
      Balances per network and asset, hot wallets and automatic sweeps to your own wallet are not built yet.
    </ComingSoon>
  );
}
