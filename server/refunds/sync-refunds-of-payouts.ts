import type { Tx } from "../db";
import { recordRefundEvent } from "./record-refund-event";

/**
 * Mirror payouts' statuses on the refunds they pay, in the caller's transaction (the payout status writers call it
 * right after writing: payout-transaction-handlers.ts, cancel-payout.ts, approve-payout.ts). A refund that reaches
 * `confirmed` or `failed` gets its `refund.confirmed` / `refund.failed` event. Payouts that pay no refund cost one
 * indexed query and nothing else, so a 1,000-item batch's confirmation stays a handful of statements.
 */
export async function syncRefundsOfPayouts(tx: Tx, payoutIds: readonly string[], now: Date): Promise<void> {
  if (payoutIds.length === 0) return;
  const payouts = await tx.payout.findMany({
    where: { id: { in: [...payoutIds] }, refundId: { not: null } },
    select: { id: true, status: true, refundId: true, txHash: true },
  });
  for (const payout of payouts) {
    const refund = await tx.refund.findUnique({ where: { id: payout.refundId! } });
    if (!refund || refund.status === payout.status) continue;
    const updated = await tx.refund.update({
      where: { id: refund.id },
      data: {
        status: payout.status,
        updatedAt: now,
        confirmedAt: payout.status === "confirmed" ? now : undefined,
        failedAt: payout.status === "failed" ? now : undefined,
        cancelledAt: payout.status === "cancelled" ? now : undefined,
      },
    });
    if (payout.status === "confirmed" || payout.status === "failed") {
      await recordRefundEvent(tx, updated, {
        type: payout.status === "confirmed" ? "refund.confirmed" : "refund.failed",
        payoutId: payout.id,
        cause: { payout: payout.id, hash: payout.txHash },
        at: now,
      });
    }
  }
}
