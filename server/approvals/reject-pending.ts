import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { formatDecimal, toBigInt } from "../money";
import { recordPayoutEvents } from "../payouts/record-payout-events";
import { syncRefundsOfPayouts } from "../refunds/sync-refunds-of-payouts";
import { lockApprovalUnit, type ApprovalTarget } from "./lock-approval-unit";

/**
 * Reject a live-mode payout, or every payout of a batch still waiting, from the approval queue: they become
 * `cancelled` (nothing was reserved for them), refunds they pay follow, one `payout.cancelled` event each, and one
 * audit row with the reason. No code is needed: rejecting moves no money. Errors: lockApprovalUnit's (404, 409).
 */
export async function rejectPending(
  tx: Tx,
  opts: ApprovalTarget & { merchantId: string; livemode: boolean; actor: string; reason?: string | null; now: Date },
): Promise<{ count: number }> {
  const { pending, content } = await lockApprovalUnit(tx, opts);
  const ids = pending.map((p) => p.id);
  await tx.payout.updateMany({
    where: { id: { in: ids } },
    data: { status: "cancelled", cancelledAt: opts.now, updatedAt: opts.now },
  });
  await syncRefundsOfPayouts(tx, ids, opts.now);
  const cancelled = await tx.payout.findMany({
    where: { id: { in: ids } },
    orderBy: [{ batchIndex: "asc" }, { id: "asc" }],
  });
  await recordPayoutEvents(tx, cancelled, {
    type: "payout.cancelled",
    cause: (p) => ({ payout: p.id, actor: opts.actor, rejected: true }),
    at: opts.now,
  });
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    actor: opts.actor,
    action: opts.kind === "batch" ? "payout_batch.rejected" : "payout.rejected",
    targetType: opts.kind === "batch" ? "payout_batch" : "payout",
    targetId: opts.id,
    data: {
      network: content.network,
      asset: content.asset,
      count: pending.length,
      total: formatDecimal(
        pending.reduce((s, p) => s + toBigInt(p.amount), 0n),
        content.decimals,
      ),
      reason: opts.reason ?? null,
    },
  });
  return { count: pending.length };
}
