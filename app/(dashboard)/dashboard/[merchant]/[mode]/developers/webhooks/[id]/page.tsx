import type { Metadata } from "next";
import { EndpointSection } from "@/components/dashboard/sections";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EndpointSection id={id} />;
}
