import type { Metadata } from "next";
import { AllowlistPage } from "@/components/dashboard/approvals/allowlist-page";

export const metadata: Metadata = { title: "Payout allowlist" };

export default function Page() {
  return <AllowlistPage />;
}
