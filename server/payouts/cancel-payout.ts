import { inTransaction, type Db, type Tx } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { settleTransfer } from "../ledger/settle-transfer";
import { recordMerchantEvent } from "../webhooks/record-merchant-event";
import { syncRefundsOfPayouts } from "../refunds/sync-refunds-of-payouts";
import { lockPayout } from "./lock-payout";
import type { PayoutResponse } from "./payout.schema";
import { payoutTransferKey } from "./reserve-payouts";
import { serializePayout } from "./serialize-payout";

/**
 * Cancel the merchant's payout (`POST /api/v1/payouts/{id}/cancel`): only while `pending_approval`, or
 * `queued` and not yet handed to the sender; its reservation is voided and a `payout.cancelled` event
 * written. Under the payout's row lock, so it races the worker safely: either cancelled and never sent,
 * or handed over and a 409 `payout_not_cancellable`. Another merchant's or mode's payout is a 404.
 */
export async function cancelPayout(
  db: Db,
  opts: { id: string; merchantId: string; livemode: boolean; actor: string; now?: Date },
): Promise<PayoutResponse> {
  const now = opts.now ?? new Date();
  return inTransaction(db, (tx) => cancelPayoutInTransaction(tx, { ...opts, now }));
}

/** cancelPayout in the caller's transaction (a refund's cancel takes its payout with it: server/refunds/cancel-refund.ts). */
export async function cancelPayoutInTransaction(
  tx: Tx,
  opts: { id: string; merchantId: string; livemode: boolean; actor: string; now: Date },
): Promise<PayoutResponse> {
  const now = opts.now;
  const payout = await lockPayout(tx, opts);
  if (!payout) throw new AppError("resource_missing", `No such payout: '${opts.id}'.`, { param: "id" });
  const cancellable =
    payout.status === "pending_approval" || (payout.status === "queued" && payout.outgoingKey === null);
  if (!cancellable) {
    throw new AppError(
      "payout_not_cancellable",
      payout.status === "queued"
        ? "The payout is already being sent and can no longer be cancelled."
        : `A payout in status ${payout.status} cannot be cancelled.`,
    );
  }
  if (payout.status === "queued")
    await settleTransfer(tx, { key: payoutTransferKey(payout.id), to: "voided", at: now });
  const updated = await tx.payout.update({
    where: { id: payout.id },
    data: { status: "cancelled", cancelledAt: now },
  });
  await syncRefundsOfPayouts(tx, [payout.id], now);
  const object = serializePayout(updated);
  await recordMerchantEvent(tx, {
    merchantId: updated.merchantId,
    livemode: updated.livemode,
    type: "payout.cancelled",
    object: object as unknown as Prisma.InputJsonObject,
    cause: { payout: payout.id, actor: opts.actor },
    at: now,
  });
  return object;
}
