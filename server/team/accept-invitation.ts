import type { Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { newId } from "../ids";
import { hashInvitationToken } from "./invitation-token";

/**
 * Accept an invitation as the signed-in user: they join the merchant with the invited role. The link
 * works once, until it expires, unless revoked, and only for the account whose email is the one it was
 * sent to (compared case-insensitively, as stored, not as the session remembers it) and verified: a
 * forwarded link does not let someone else in, nor does an account opened with someone else's address.
 * Errors: `resource_missing` (unknown link), `conflict` (used, withdrawn, expired, already a member),
 * `forbidden` (another email, or an unverified one); nothing changes on any of them.
 */
export async function acceptInvitation(
  tx: Tx,
  opts: { token: string; userId: string; now?: Date },
): Promise<{ merchantId: string; slug: string }> {
  const now = opts.now ?? new Date();
  const invitation = await tx.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(opts.token) },
    select: {
      id: true,
      merchantId: true,
      email: true,
      role: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
      merchant: { select: { slug: true } },
    },
  });
  if (!invitation) throw new AppError("resource_missing", "This invitation link is not valid.");
  if (invitation.acceptedAt) throw new AppError("conflict", "This invitation was already used.");
  if (invitation.revokedAt) throw new AppError("conflict", "This invitation was withdrawn. Ask for a new one.");
  if (invitation.expiresAt <= now) throw new AppError("conflict", "This invitation has expired. Ask for a new one.");
  const user = await tx.user.findUnique({
    where: { id: opts.userId },
    select: { email: true, emailVerifiedAt: true },
  });
  if (!user || user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    throw new AppError(
      "forbidden",
      `This invitation is for ${invitation.email}. Sign in with that address to accept it.`,
    );
  }
  if (!user.emailVerifiedAt) {
    throw new AppError(
      "forbidden",
      `Verify ${invitation.email} first: open the verification link we sent to it, then accept again.`,
    );
  }
  const claimed = await tx.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null },
    data: { acceptedAt: now },
  });
  if (claimed.count === 0) throw new AppError("conflict", "This invitation was already used.");
  const existing = await tx.membership.findUnique({
    where: { userId_merchantId: { userId: opts.userId, merchantId: invitation.merchantId } },
    select: { id: true },
  });
  if (existing) throw new AppError("conflict", "You are already a member of this merchant.");
  const membershipId = newId("mem");
  await tx.membership.create({
    data: { id: membershipId, userId: opts.userId, merchantId: invitation.merchantId, role: invitation.role },
  });
  await recordAudit(tx, {
    merchantId: invitation.merchantId,
    livemode: null,
    actor: opts.userId,
    action: "team.member_joined",
    targetType: "membership",
    targetId: membershipId,
    data: { email: invitation.email, role: invitation.role, invitation: invitation.id },
  });
  return { merchantId: invitation.merchantId, slug: invitation.merchant.slug };
}
