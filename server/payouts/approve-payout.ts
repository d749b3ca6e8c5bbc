import type { Tx } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { recordMerchantEvent } from "../webhooks/record-merchant-event";
import { syncRefundsOfPayouts } from "../refunds/sync-refunds-of-payouts";
import { lockPayout } from "./lock-payout";
import type { PayoutResponse } from "./payout.schema";
import { reservePayouts } from "./reserve-payouts";
import { serializePayout } from "./serialize-payout";

/**
 * Approve a live-mode payout waiting in `pending_approval` (maker-checker), in the caller's transaction:
 * the approver must not be its creator (403 `forbidden`); the payout is reserved in the ledger (422
 * `insufficient_balance` if available no longer covers it), becomes `queued`, and a `payout.approved`
 * event is written. Another status is a 409 `conflict`. The second factor (TOTP) and the
 * `payouts:approve` permission are checked by the caller: this is the bookkeeping of an approval.
 */
export async function approvePayout(
  tx: Tx,
  opts: { payoutId: string; approverUserId: string; merchantId?: string; now?: Date },
): Promise<PayoutResponse> {
  const now = opts.now ?? new Date();
  const payout = await lockPayout(tx, { id: opts.payoutId, merchantId: opts.merchantId });
  if (!payout) throw new AppError("resource_missing", `No such payout: '${opts.payoutId}'.`, { param: "id" });
  if (payout.status !== "pending_approval") {
    throw new AppError("conflict", `The payout is ${payout.status}, not waiting for approval.`);
  }
  if (payout.createdBy === opts.approverUserId) {
    throw new AppError("forbidden", "A payout must be approved by someone other than its creator.");
  }
  await reservePayouts(tx, [payout], now);
  const updated = await tx.payout.update({
    where: { id: payout.id },
    data: { status: "queued", approvedBy: opts.approverUserId, approvedAt: now },
  });
  await syncRefundsOfPayouts(tx, [payout.id], now);
  const object = serializePayout(updated);
  await recordMerchantEvent(tx, {
    merchantId: updated.merchantId,
    livemode: updated.livemode,
    type: "payout.approved",
    object: object as unknown as Prisma.InputJsonObject,
    cause: { payout: payout.id, approved_by: opts.approverUserId },
    at: now,
  });
  return object;
}
