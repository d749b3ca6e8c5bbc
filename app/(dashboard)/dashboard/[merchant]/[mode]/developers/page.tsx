import type { Metadata } from "next";
import { ApiKeysSection } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "API keys" };

export default function Page() {
  return <ApiKeysSection />;
}
