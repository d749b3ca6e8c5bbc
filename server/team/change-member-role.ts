import type { Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import type { Role } from "../auth/permissions";
import { AppError } from "../errors";
import { assertKeepsAnOwner, assertMayManageRole } from "./team-rules";

/** Give a member of the merchant another role (owners only for the owner role; one owner always remains). */
export async function changeMemberRole(
  tx: Tx,
  opts: { merchantId: string; membershipId: string; role: Role; actor: string; actorRole: Role },
): Promise<void> {
  const member = await tx.membership.findFirst({
    where: { id: opts.membershipId, merchantId: opts.merchantId },
    select: { id: true, role: true, user: { select: { email: true } } },
  });
  if (!member)
    throw new AppError("resource_missing", `No such member: '${opts.membershipId}'.`, { param: "membershipId" });
  if (member.role === opts.role) return;
  assertMayManageRole(opts.actorRole, member.role, opts.role);
  if (member.role === "owner") await assertKeepsAnOwner(tx, { merchantId: opts.merchantId, membershipId: member.id });
  await tx.membership.update({ where: { id: member.id }, data: { role: opts.role } });
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: null,
    actor: opts.actor,
    action: "team.role_changed",
    targetType: "membership",
    targetId: member.id,
    data: { email: member.user.email, from: member.role, to: opts.role },
  });
}
