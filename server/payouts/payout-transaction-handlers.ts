import type { Tx } from "../db";
import type { Payout, Prisma } from "../generated/prisma/client";
import { settleTransfer } from "../ledger/settle-transfer";
import { toDbDecimal } from "../money";
import type { OutgoingTransactionView } from "../sender/outgoing-transaction-view";
import { registerTransactionHandlers, type ConfirmedReceipt } from "../sender/transaction-handlers";
import { registerSweepHandlers } from "../sweeps/request-sweep";
import type { EventType } from "../webhooks/event-types";
import { recordMerchantEvent } from "../webhooks/record-merchant-event";
import { payoutTransferKey } from "./reserve-payouts";
import { serializePayout } from "./serialize-payout";

/** The payouts a transaction request carries, locked, in batch order. */
async function payoutsOf(tx: Tx, key: string): Promise<Payout[]> {
  await tx.$queryRaw`SELECT id FROM payouts WHERE outgoing_key = ${key} ORDER BY id FOR UPDATE`;
  return tx.payout.findMany({ where: { outgoingKey: key }, orderBy: [{ batchIndex: "asc" }, { id: "asc" }] });
}

async function emit(tx: Tx, p: Payout, type: EventType, cause: Prisma.InputJsonValue, at: Date): Promise<void> {
  await recordMerchantEvent(tx, {
    merchantId: p.merchantId,
    livemode: p.livemode,
    type,
    object: serializePayout(p) as unknown as Prisma.InputJsonObject,
    cause,
    at,
  });
}

/** First broadcast: the payouts are `submitted` with the transaction's hash; `payout.submitted` each. */
export async function onPayoutTransactionSubmitted(tx: Tx, t: OutgoingTransactionView): Promise<void> {
  const now = new Date();
  for (const p of await payoutsOf(tx, t.key)) {
    if (p.status !== "queued") continue;
    const updated = await tx.payout.update({
      where: { id: p.id },
      data: { status: "submitted", submittedAt: now, txHash: t.hash },
    });
    await emit(tx, updated, "payout.submitted", { outgoing_transaction: t.id, hash: t.hash }, now);
  }
}

/**
 * Mined with the network's confirmations. Success: each payout's reservation is posted, the payout `confirmed`
 * with the mined hash and its share of the fee (the fee split evenly, the remainder on the first); reverted:
 * nothing moved on chain, so each reservation is voided and the payout `failed` (never sent again: a new payout
 * is the merchant's decision).
 */
export async function onPayoutTransactionConfirmed(
  tx: Tx,
  t: OutgoingTransactionView & { receipt: ConfirmedReceipt },
): Promise<void> {
  const now = new Date();
  const payouts = (await payoutsOf(tx, t.key)).filter((p) => p.status === "queued" || p.status === "submitted");
  if (payouts.length === 0) return;
  const { receipt } = t;
  if (receipt.status === "reverted") {
    await failPayouts(tx, payouts, `The transaction ${receipt.transactionHash} reverted; nothing was sent.`, now, t.id);
    return;
  }
  const fee = receipt.gasUsed * receipt.effectiveGasPrice;
  const share = fee / BigInt(payouts.length);
  const remainder = fee - share * BigInt(payouts.length);
  for (const [i, p] of payouts.entries()) {
    await settleTransfer(tx, { key: payoutTransferKey(p.id), to: "posted", at: now });
    const updated = await tx.payout.update({
      where: { id: p.id },
      data: {
        status: "confirmed",
        confirmedAt: now,
        submittedAt: p.submittedAt ?? now,
        txHash: receipt.transactionHash,
        networkFee: toDbDecimal(i === 0 ? share + remainder : share),
      },
    });
    await emit(
      tx,
      updated,
      "payout.confirmed",
      { outgoing_transaction: t.id, hash: receipt.transactionHash, block_number: receipt.blockNumber.toString() },
      now,
    );
  }
}

async function failPayouts(tx: Tx, payouts: Payout[], reason: string, now: Date, outgoingId: string): Promise<void> {
  for (const p of payouts) {
    await settleTransfer(tx, { key: payoutTransferKey(p.id), to: "voided", at: now });
    const updated = await tx.payout.update({
      where: { id: p.id },
      data: { status: "failed", failedAt: now, failureReason: reason },
    });
    await emit(tx, updated, "payout.failed", { outgoing_transaction: outgoingId, reason }, now);
  }
}

/** Never mined and given up by an operator: the reservations are voided and the payouts `failed`. */
export async function onPayoutTransactionFailed(tx: Tx, t: OutgoingTransactionView, reason: string): Promise<void> {
  const payouts = (await payoutsOf(tx, t.key)).filter((p) => p.status === "queued" || p.status === "submitted");
  await failPayouts(tx, payouts, `The transaction was never mined: ${reason}`, new Date(), t.id);
}

const handlers = {
  submitted: onPayoutTransactionSubmitted,
  confirmed: onPayoutTransactionConfirmed,
  failed: onPayoutTransactionFailed,
};
registerTransactionHandlers("payout", handlers);
registerTransactionHandlers("payout_batch", handlers);
// Consolidations feed the hot wallet for payouts: the planner reads the ledger on each pass, so nothing more to do.
registerSweepHandlers("consolidation", { confirmed: async () => {} });
