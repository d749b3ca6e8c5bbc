import type { Tx } from "../db";
import { can, type Role } from "../auth/permissions";
import { recordAudit } from "../audit/record-audit";

/**
 * Withdraw the pending invitations a member sent that they could no longer send: all of them when they
 * leave the merchant (`role` null) or lose `team:write`, the owner invitations when they stop being an
 * owner. An invitation carries its inviter's authority, so it must not outlive it. Each withdrawal is
 * audited as `team.invitation_revoked` by `actor`. Call it while the membership still exists (before a
 * removal, after a role change). Returns how many were withdrawn.
 */
export async function revokeInviterInvitations(
  tx: Tx,
  opts: { merchantId: string; membershipId: string; role: Role | null; actor: string; now?: Date },
): Promise<number> {
  const now = opts.now ?? new Date();
  const mayInvite = opts.role !== null && can(opts.role, "team:write");
  if (mayInvite && opts.role === "owner") return 0;
  const member = await tx.membership.findFirst({
    where: { id: opts.membershipId, merchantId: opts.merchantId },
    select: { userId: true },
  });
  if (!member) return 0;
  const pending = await tx.invitation.findMany({
    where: {
      merchantId: opts.merchantId,
      invitedById: member.userId,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: now },
      ...(mayInvite && opts.role !== "owner" ? { role: "owner" as const } : {}),
    },
    select: { id: true, email: true, role: true },
  });
  for (const invitation of pending) {
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: now } });
    await recordAudit(tx, {
      merchantId: opts.merchantId,
      livemode: null,
      actor: opts.actor,
      action: "team.invitation_revoked",
      targetType: "invitation",
      targetId: invitation.id,
      data: { email: invitation.email, role: invitation.role, reason: "inviter_lost_access" },
    });
  }
  return pending.length;
}
