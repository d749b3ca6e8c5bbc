import { inTransaction, type Db, type Tx } from "../db";
import { AppError } from "../errors";
import type { Refund } from "../generated/prisma/client";
import { cancelPayoutInTransaction } from "../payouts/cancel-payout";
import type { RefundResponse } from "./refund.schema";
import { serializeRefund } from "./serialize-refund";

async function lockRefund(tx: Tx, id: string): Promise<Refund | null> {
  await tx.$queryRaw`SELECT id FROM refunds WHERE id = ${id} FOR UPDATE`;
  return tx.refund.findUnique({ where: { id } });
}

/**
 * Cancel the merchant's refund (`POST /api/v1/refunds/{id}/cancel`) before it is submitted: one `awaiting_address`
 * is cancelled (its claim link stops working); one being paid cancels its payout (cancel-payout.ts: voids the
 * reservation) and mirrors it. Otherwise 409 `refund_not_cancellable`; another merchant's or mode's is a 404.
 * Locks the payout before the refund, the order the payout status writers take them in.
 */
export async function cancelRefund(
  db: Db,
  opts: { id: string; merchantId: string; livemode: boolean; actor: string; now?: Date },
): Promise<RefundResponse> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const found = await tx.refund.findFirst({
      where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
      include: { payout: { select: { id: true } } },
    });
    if (!found) throw new AppError("resource_missing", `No such refund: '${opts.id}'.`, { param: "id" });
    if (found.payout) {
      try {
        await cancelPayoutInTransaction(tx, { ...opts, id: found.payout.id, now });
      } catch (error) {
        if (error instanceof AppError && error.code === "payout_not_cancellable") {
          throw new AppError("refund_not_cancellable", `The refund's payout is being sent or sent: ${error.message}`, {
            cause: error,
          });
        }
        throw error;
      }
      const refund = await tx.refund.findUniqueOrThrow({ where: { id: found.id } });
      return serializeRefund(refund, { payoutId: found.payout.id });
    }
    const refund = await lockRefund(tx, found.id);
    if (refund?.status !== "awaiting_address") {
      // Claimed in the meantime: its payout exists now; the caller may try again.
      throw new AppError("refund_not_cancellable", `A refund in status ${refund?.status} cannot be cancelled here.`);
    }
    const updated = await tx.refund.update({
      where: { id: refund.id },
      data: { status: "cancelled", cancelledAt: now, updatedAt: now },
    });
    return serializeRefund(updated, { payoutId: null });
  });
}
