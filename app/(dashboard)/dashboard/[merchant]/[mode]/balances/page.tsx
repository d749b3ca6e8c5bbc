import type { Metadata } from "next";
import { BalancesPage } from "@/components/dashboard/balances/balances-page";

export const metadata: Metadata = { title: "Balances" };

export default function Page() {
  return <BalancesPage />;
}
