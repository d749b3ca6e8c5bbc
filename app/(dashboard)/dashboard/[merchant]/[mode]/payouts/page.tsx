import type { Metadata } from "next";
import { ComingSoon } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "Payouts" };

export default function Page() {
  return (
    <ComingSoon title="Payouts">
      Single and batch payouts, refunds sent on chain and their approval are not built yet. Refunds decided in Review
      are recorded as requests for now.
    </ComingSoon>
  );
}
