import type { Metadata } from "next";
import { GeneralSettings } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "Settings" };

export default function Page() {
  return <GeneralSettings />;
}
