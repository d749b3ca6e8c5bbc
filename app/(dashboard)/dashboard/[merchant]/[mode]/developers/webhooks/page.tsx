import type { Metadata } from "next";
import { WebhooksSection } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "Webhooks" };

export default function Page() {
  return <WebhooksSection />;
}
