import type { Metadata } from "next";
import { NetworkSettings } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "Networks" };

export default function Page() {
  return <NetworkSettings />;
}
