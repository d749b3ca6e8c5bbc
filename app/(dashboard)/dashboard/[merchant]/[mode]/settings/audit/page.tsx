import type { Metadata } from "next";
import { AuditSettings } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "Audit log" };

export default function Page() {
  return <AuditSettings />;
}
