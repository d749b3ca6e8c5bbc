import type { Metadata } from "next";
import { SecuritySettings } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "Security" };

export default function Page() {
  return <SecuritySettings />;
}
