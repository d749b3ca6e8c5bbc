import type { Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import type { Role } from "../auth/permissions";
import { AppError } from "../errors";
import { revokeUserSessions } from "../auth/revoke-user-sessions";
import { assertKeepsAnOwner, assertMayManageRole } from "./team-rules";

/**
 * Remove a member from the merchant: their next request for it is refused, and their sessions end (they
 * sign in again). One owner always remains.
 */
export async function removeMember(
  tx: Tx,
  opts: { merchantId: string; membershipId: string; actor: string; actorRole: Role },
): Promise<void> {
  const member = await tx.membership.findFirst({
    where: { id: opts.membershipId, merchantId: opts.merchantId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!member)
    throw new AppError("resource_missing", `No such member: '${opts.membershipId}'.`, { param: "membershipId" });
  assertMayManageRole(opts.actorRole, member.role);
  if (member.role === "owner") await assertKeepsAnOwner(tx, { merchantId: opts.merchantId, membershipId: member.id });
  await tx.membership.delete({ where: { id: member.id } });
  // Membership is read on every request anyway; ending the removed person's sessions also closes tabs
  // left open on other merchants' pages until they sign in again.
  await revokeUserSessions(tx, member.userId);
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: null,
    actor: opts.actor,
    action: "team.member_removed",
    targetType: "membership",
    targetId: member.id,
    data: { email: member.user.email, role: member.role },
  });
}
