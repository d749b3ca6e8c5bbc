import type { Metadata } from "next";
import { InvitationCard } from "@/components/auth/invitation-card";
import { currentSession } from "@/server/auth/current-session";

export const metadata: Metadata = { title: "Invitation" };

/** `/invite/{token}`: accept an invitation to a merchant's team. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await currentSession();
  return <InvitationCard token={token} signedInAs={session?.email ?? null} />;
}
