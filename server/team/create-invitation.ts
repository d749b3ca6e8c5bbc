import type { Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import { normalizeEmail } from "../auth/authenticate-user";
import type { Role } from "../auth/permissions";
import { env } from "../env";
import { AppError } from "../errors";
import { newId } from "../ids";
import { hashInvitationToken, newInvitationToken } from "./invitation-token";
import { assertMayManageRole } from "./team-rules";
import type { InviteMemberRequest } from "./team.schema";

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Invite someone to the merchant with a role, and return the link that accepts it (the only time the
 * token exists outside the link). An earlier open invitation for the same email is revoked; inviting
 * a member is a 409. Only owners may invite owners. Recorded in the audit log.
 */
export async function createInvitation(
  tx: Tx,
  opts: { merchantId: string; actor: string; actorRole: Role; request: InviteMemberRequest; now?: Date },
): Promise<{ id: string; url: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  const email = normalizeEmail(opts.request.email);
  assertMayManageRole(opts.actorRole, opts.request.role);
  const member = await tx.membership.findFirst({
    where: { merchantId: opts.merchantId, user: { email } },
    select: { id: true },
  });
  if (member) throw new AppError("conflict", `${email} is already a member of this merchant.`, { param: "email" });
  await tx.invitation.updateMany({
    where: { merchantId: opts.merchantId, email, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  const token = newInvitationToken();
  const id = newId("invt");
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  await tx.invitation.create({
    data: {
      id,
      merchantId: opts.merchantId,
      email,
      role: opts.request.role,
      tokenHash: hashInvitationToken(token),
      invitedById: opts.actor,
      expiresAt,
      createdAt: now,
    },
  });
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: null,
    actor: opts.actor,
    action: "team.invited",
    targetType: "invitation",
    targetId: id,
    data: { email, role: opts.request.role },
  });
  return { id, url: `${env().PAYRAIL_PUBLIC_URL}/invite/${token}`, expiresAt };
}
