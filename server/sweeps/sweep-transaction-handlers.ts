// The sender's handlers for sweep transactions (purposes `sweep` and `sweep_fund`), registered at import time
// (server/sender/handlers.ts imports this module).
import type { Tx } from "../db";
import type { OutgoingTransactionView } from "../sender/outgoing-transaction-view";
import { registerTransactionHandlers, type ConfirmedReceipt } from "../sender/transaction-handlers";
import { failSweepItems } from "./fail-sweep-items";
import { MAX_ITEM_ATTEMPTS } from "./plan-sweeps";
import { queueFallbackTransfer } from "./plan-fallback-sweeps";
import { postSweepTransfer } from "./post-sweep-transfer";
import { markSweepsSubmitted, settleSweeps } from "./settle-sweeps";

/**
 * A sweep transaction was mined with its confirmations. Success: its items are confirmed and their ledger transfers
 * posted with the block and hash. Reverted (state changed between simulation and mining): its items go back to the
 * queue to be planned again (re-simulated, split), until they fail for good after {@link MAX_ITEM_ATTEMPTS}.
 */
export async function onSweepConfirmed(
  tx: Tx,
  t: OutgoingTransactionView & { receipt: ConfirmedReceipt },
): Promise<void> {
  const batch = await tx.sweepBatch.findUnique({ where: { id: t.sourceId } });
  if (!batch || batch.status !== "submitted") return;
  const now = new Date();
  const items = await tx.sweepItem.findMany({
    where: { batchId: batch.id, status: "submitted" },
    select: { id: true, sweepId: true, attempts: true },
  });
  if (t.receipt.status === "success") {
    await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "confirmed" } });
    await tx.sweepItem.updateMany({
      where: { id: { in: items.map((i) => i.id) } },
      data: {
        status: "confirmed",
        txHash: t.receipt.transactionHash.toLowerCase(),
        blockNumber: t.receipt.blockNumber,
        blockHash: t.receipt.blockHash.toLowerCase(),
        failureReason: null,
      },
    });
    for (const item of items) {
      await postSweepTransfer(tx, {
        itemId: item.id,
        txHash: t.receipt.transactionHash,
        blockNumber: t.receipt.blockNumber,
        blockHash: t.receipt.blockHash,
        at: now,
      });
    }
    await settleSweeps(
      tx,
      items.map((i) => i.sweepId),
      now,
    );
    return;
  }
  await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "reverted" } });
  await requeue(tx, items, `sweep transaction ${t.receipt.transactionHash} reverted`, now);
}

async function requeue(tx: Tx, items: { id: string; attempts: number }[], reason: string, now: Date): Promise<void> {
  const exhausted = items.filter((i) => i.attempts + 1 >= MAX_ITEM_ATTEMPTS).map((i) => i.id);
  const retry = items.filter((i) => i.attempts + 1 < MAX_ITEM_ATTEMPTS).map((i) => i.id);
  await tx.sweepItem.updateMany({
    where: { id: { in: retry } },
    data: { status: "queued", batchId: null, attempts: { increment: 1 }, failureReason: reason },
  });
  if (exhausted.length > 0) await failSweepItems(tx, exhausted, reason, now);
}

async function onSweepSubmitted(tx: Tx, t: OutgoingTransactionView): Promise<void> {
  const items = await tx.sweepItem.findMany({ where: { batchId: t.sourceId }, select: { sweepId: true } });
  await markSweepsSubmitted(
    tx,
    items.map((i) => i.sweepId),
    new Date(),
  );
}

async function onSweepFailed(tx: Tx, t: OutgoingTransactionView, reason: string): Promise<void> {
  const batch = await tx.sweepBatch.findUnique({ where: { id: t.sourceId } });
  if (!batch || batch.status !== "submitted") return;
  await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "failed" } });
  const items = await tx.sweepItem.findMany({
    where: { batchId: batch.id, status: { in: ["submitted", "funding"] } },
    select: { id: true, attempts: true },
  });
  await requeue(tx, items, `sweep transaction given up: ${reason}`, new Date());
}

/** Fallback: the gas for one address was mined; queue that address's own transfer. */
async function onFundConfirmed(tx: Tx, t: OutgoingTransactionView & { receipt: ConfirmedReceipt }): Promise<void> {
  const batch = await tx.sweepBatch.findUnique({ where: { id: t.sourceId } });
  if (!batch || batch.status !== "submitted") return;
  if (t.receipt.status !== "success") {
    await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "reverted" } });
    const items = await tx.sweepItem.findMany({
      where: { batchId: batch.id, status: "funding" },
      select: { id: true, attempts: true },
    });
    await requeue(tx, items, `funding transaction ${t.receipt.transactionHash} reverted`, new Date());
    return;
  }
  await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "confirmed" } });
  await queueFallbackTransfer(tx, batch.id);
}

registerTransactionHandlers("sweep", {
  submitted: onSweepSubmitted,
  confirmed: onSweepConfirmed,
  failed: onSweepFailed,
});
registerTransactionHandlers("sweep_fund", { confirmed: onFundConfirmed, failed: onSweepFailed });
