import type { Tx } from "../db";
import type { Payout } from "../generated/prisma/client";
import { toDbDecimal } from "../money";
import type { OutgoingTransactionView } from "../sender/outgoing-transaction-view";
import { registerTransactionHandlers, type ConfirmedReceipt } from "../sender/transaction-handlers";
import { registerSweepHandlers } from "../sweeps/request-sweep";
import { payoutTransferKey } from "./reserve-payouts";
import { syncRefundsOfPayouts } from "../refunds/sync-refunds-of-payouts";
import { recordPayoutEvents } from "./record-payout-events";
import { logger } from "../logger";

/** The payouts a transaction request carries, locked, in batch order. */
async function payoutsOf(tx: Tx, key: string): Promise<Payout[]> {
  await tx.$queryRaw`SELECT id FROM payouts WHERE outgoing_key = ${key} ORDER BY id FOR UPDATE`;
  return tx.payout.findMany({ where: { outgoingKey: key }, orderBy: [{ batchIndex: "asc" }, { id: "asc" }] });
}

/** First broadcast: the payouts are `submitted` with the transaction's hash; `payout.submitted` each. */
export async function onPayoutTransactionSubmitted(tx: Tx, t: OutgoingTransactionView): Promise<void> {
  const now = new Date();
  const queued = (await payoutsOf(tx, t.key)).filter((p) => p.status === "queued");
  if (queued.length === 0) return;
  const ids = queued.map((p) => p.id);
  await tx.payout.updateMany({
    where: { id: { in: ids } },
    data: { status: "submitted", submittedAt: now, txHash: t.hash },
  });
  await syncRefundsOfPayouts(tx, ids, now);
  await recordPayoutEvents(tx, await reload(tx, ids), {
    type: "payout.submitted",
    cause: () => ({ outgoing_transaction: t.id, hash: t.hash }),
    at: now,
  });
}

const reload = (tx: Tx, ids: string[]) =>
  tx.payout.findMany({ where: { id: { in: ids } }, orderBy: [{ batchIndex: "asc" }, { id: "asc" }] });

/**
 * Mined with the network's confirmations. Success: the payouts' reservations are posted, the payouts `confirmed`
 * with the mined hash and their share of the fee (split evenly, the remainder on the first); reverted: nothing
 * moved on chain. A batch transaction of several payouts is split: its payouts go back to `queued` without a
 * request (the guard trigger allows that only for a request mined reverted), each half with its own `split_group`,
 * their reservations kept, and the planner sends each half apart, so one bad item (a blacklisted recipient) ends up
 * alone. A single payout that reverts fails: its reservation is voided, the payout `failed` (never sent again: a
 * new payout is the merchant's decision). Set-based (a handful of statements for a whole batch): it runs inside the sender's
 * confirmation transaction.
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
    if (payouts.length > 1) {
      await splitPayouts(tx, payouts, receipt.transactionHash);
      return;
    }
    await failPayouts(tx, payouts, `The transaction ${receipt.transactionHash} reverted; nothing was sent.`, now, t.id);
    return;
  }
  const ids = payouts.map((p) => p.id);
  const fee = receipt.gasUsed * receipt.effectiveGasPrice;
  const share = fee / BigInt(payouts.length);
  const remainder = fee - share * BigInt(payouts.length);
  await tx.ledgerTransfer.updateMany({
    where: { key: { in: ids.map(payoutTransferKey) }, status: "pending" },
    data: { status: "posted", postedAt: now },
  });
  await tx.payout.updateMany({
    where: { id: { in: ids }, submittedAt: null },
    data: { submittedAt: now },
  });
  await tx.payout.updateMany({
    where: { id: { in: ids } },
    data: { status: "confirmed", confirmedAt: now, txHash: receipt.transactionHash, networkFee: toDbDecimal(share) },
  });
  if (remainder > 0n)
    await tx.payout.update({ where: { id: ids[0]! }, data: { networkFee: toDbDecimal(share + remainder) } });
  await syncRefundsOfPayouts(tx, ids, now);
  await recordPayoutEvents(tx, await reload(tx, ids), {
    type: "payout.confirmed",
    cause: () => ({
      outgoing_transaction: t.id,
      hash: receipt.transactionHash,
      block_number: receipt.blockNumber.toString(),
    }),
    at: now,
  });
}

/** Halve the payouts of a reverted batch transaction and hand them back to the planner, reservations kept. */
async function splitPayouts(tx: Tx, payouts: Payout[], hash: string): Promise<void> {
  const half = Math.ceil(payouts.length / 2);
  for (const [n, part] of [payouts.slice(0, half), payouts.slice(half)].entries()) {
    if (part.length === 0) continue;
    await tx.payout.updateMany({
      where: { id: { in: part.map((p) => p.id) } },
      data: {
        status: "queued",
        outgoingKey: null,
        submittedAt: null,
        txHash: null,
        splitGroup: `${part[0]!.splitGroup ?? ""}${n}`,
      },
    });
  }
  await syncRefundsOfPayouts(
    tx,
    payouts.map((p) => p.id),
    new Date(),
  );
  logger().warn(
    { transaction: hash, payouts: payouts.length },
    "payout batch transaction reverted: its payouts are split in halves and planned again",
  );
}

/** Fail payouts whose own transfer cannot be sent (the planner's estimate reverts after a split), voiding them. */
export async function failUnsendablePayouts(tx: Tx, ids: string[], reason: string, now: Date): Promise<void> {
  const payouts = await tx.payout.findMany({
    where: { id: { in: ids }, status: "queued", outgoingKey: null },
    orderBy: [{ batchIndex: "asc" }, { id: "asc" }],
  });
  await failPayouts(tx, payouts, reason, now, null);
}

async function failPayouts(
  tx: Tx,
  payouts: Payout[],
  reason: string,
  now: Date,
  outgoingId: string | null,
): Promise<void> {
  if (payouts.length === 0) return;
  const ids = payouts.map((p) => p.id);
  await tx.ledgerTransfer.updateMany({
    where: { key: { in: ids.map(payoutTransferKey) }, status: "pending" },
    data: { status: "voided", voidedAt: now },
  });
  await tx.payout.updateMany({
    where: { id: { in: ids } },
    data: { status: "failed", failedAt: now, failureReason: reason },
  });
  await syncRefundsOfPayouts(tx, ids, now);
  await recordPayoutEvents(tx, await reload(tx, ids), {
    type: "payout.failed",
    cause: () => ({ outgoing_transaction: outgoingId, reason }),
    at: now,
  });
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
