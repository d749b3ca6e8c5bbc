import { inTransaction, type Db } from "../db";
import { recomputeInvoice } from "../invoices/recompute-invoice";
import { recordInvoiceEvent } from "../webhooks/record-event";
import type { Network } from "./networks";

/**
 * Mark the network's pending payments that have reached its required confirmations (counted
 * against the scanned height, so only blocks we have checked count) as confirmed, with a
 * `payment.confirmed` event, and recompute their invoices. Returns how many were confirmed.
 */
export async function confirmPayments(db: Db, network: Network, opts: { now: Date }): Promise<number> {
  return inTransaction(db, async (tx) => {
    const cursor = await tx.networkCursor.findUnique({
      where: { networkId: network.id },
      select: { blockNumber: true },
    });
    if (cursor?.blockNumber == null) return 0;
    const deepest = cursor.blockNumber - BigInt(network.confirmations) + 1n;
    const ready = await tx.payment.findMany({
      where: { networkId: network.id, status: "pending", blockNumber: { lte: deepest } },
      select: { id: true, invoiceId: true, txHash: true, logIndex: true, blockNumber: true },
      orderBy: { blockNumber: "asc" },
    });
    let confirmed = 0;
    for (const p of ready) {
      // Conditional update: a concurrent confirmer already did it if this matches nothing.
      const { count } = await tx.payment.updateMany({
        where: { id: p.id, status: "pending" },
        data: { status: "confirmed", confirmedAt: opts.now },
      });
      if (count === 0) continue;
      confirmed++;
      await recordInvoiceEvent(tx, {
        invoiceId: p.invoiceId,
        type: "payment.confirmed",
        cause: {
          source: "chain",
          network: network.id,
          payment_id: p.id,
          tx_hash: p.txHash,
          log_index: p.logIndex,
          block_number: p.blockNumber.toString(),
          scanned_height: cursor.blockNumber.toString(),
          required_confirmations: network.confirmations,
        },
      });
    }
    for (const invoiceId of new Set(ready.map((p) => p.invoiceId))) {
      await recomputeInvoice(tx, {
        invoiceId,
        now: opts.now,
        cause: { source: "chain", network: network.id, scanned_height: cursor.blockNumber.toString() },
      });
    }
    return confirmed;
  });
}
