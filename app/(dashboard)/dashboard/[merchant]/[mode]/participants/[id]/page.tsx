import type { Metadata } from "next";
import { ParticipantDetail } from "@/components/dashboard/participants/participant-detail";

export const metadata: Metadata = { title: "Participant" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ParticipantDetail id={id} />;
}
