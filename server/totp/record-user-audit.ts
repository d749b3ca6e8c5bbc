import { recordAudit, type AuditAction } from "../audit/record-audit";
import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";

/**
 * Audit a change to a person's own second factor in every merchant they belong to (a second factor is per person,
 * not per merchant, and each merchant's owners should see that a member's changed): one row each, mode-less.
 */
export async function recordUserAudit(
  tx: Tx,
  opts: { userId: string; action: AuditAction; data?: Prisma.InputJsonValue },
): Promise<void> {
  const memberships = await tx.membership.findMany({
    where: { userId: opts.userId },
    select: { merchantId: true },
    orderBy: { createdAt: "asc" },
  });
  for (const m of memberships) {
    await recordAudit(tx, {
      merchantId: m.merchantId,
      livemode: null,
      actor: opts.userId,
      action: opts.action,
      targetType: "user",
      targetId: opts.userId,
      data: opts.data,
    });
  }
}
