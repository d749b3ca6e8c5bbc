import type { Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import type { Role } from "../auth/permissions";
import { AppError } from "../errors";
import { assertMayManageRole } from "./team-rules";

/** Revoke an open invitation of the merchant: its link stops working. Another merchant's is a 404. */
export async function revokeInvitation(
  tx: Tx,
  opts: { id: string; merchantId: string; actor: string; actorRole: Role; now?: Date },
): Promise<void> {
  const invitation = await tx.invitation.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId },
    select: { id: true, email: true, role: true, acceptedAt: true, revokedAt: true },
  });
  if (!invitation) throw new AppError("resource_missing", `No such invitation: '${opts.id}'.`, { param: "id" });
  assertMayManageRole(opts.actorRole, invitation.role);
  if (invitation.acceptedAt)
    throw new AppError("conflict", "This invitation was already accepted; remove the member instead.");
  if (invitation.revokedAt) return;
  await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: opts.now ?? new Date() } });
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: null,
    actor: opts.actor,
    action: "team.invitation_revoked",
    targetType: "invitation",
    targetId: invitation.id,
    data: { email: invitation.email, role: invitation.role },
  });
}
