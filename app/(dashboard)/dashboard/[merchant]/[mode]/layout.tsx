import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { networkLabels } from "@/server/chains/network-labels";
import { DashboardProvider } from "@/components/dashboard/dashboard-context";
import { DashboardShell } from "@/components/dashboard/shell";
import { currentSession } from "@/server/auth/current-session";
import { db } from "@/server/db";
import { findMembershipBySlug } from "@/server/team/find-membership-by-slug";
import { listUserMerchants } from "@/server/team/list-user-merchants";

/**
 * Every screen of one merchant in one mode (`/dashboard/{slug}/{test|live}/...`): signed-in members
 * only (a non-member gets the same 404 as an unknown merchant). The role decides what the UI shows;
 * the server enforces it again on every call.
 */
export default async function MerchantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ merchant: string; mode: string }>;
}) {
  const { merchant: slug, mode } = await params;
  if (mode !== "test" && mode !== "live") notFound();
  const session = await currentSession();
  if (!session) redirect(`/login?callbackUrl=${encodeURIComponent(`/dashboard/${slug}/${mode}`)}`);
  const membership = await findMembershipBySlug(db(), { userId: session.userId, slug });
  if (!membership) notFound();
  const merchants = await listUserMerchants(db(), session.userId);
  return (
    <DashboardProvider
      value={{
        user: { id: session.userId, email: session.email },
        merchant: membership.merchant,
        role: membership.role,
        livemode: mode === "live",
        merchants,
        networks: networkLabels(),
      }}
    >
      <DashboardShell>{children}</DashboardShell>
    </DashboardProvider>
  );
}
