import type { Metadata } from "next";
import { TeamSettings } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "Team" };

export default function Page() {
  return <TeamSettings />;
}
