import { inTransaction, type Db } from "../db";
import { recomputeInvoice } from "../invoices/recompute-invoice";
import { settleDustLedger } from "../ledger/sync-dust-ledger";
import { recordInvoiceEvent } from "../webhooks/record-event";
import type { Network } from "./networks";

/**
 * Mark the network's pending payments that have reached its required confirmations (counted
 * against the scanned height, so only blocks we have checked count) as confirmed, with a
 * `payment.confirmed` event, and recompute their invoices. Dust payments are confirmed in one statement, with
 * their ledger entries posted and no event. At most `limit` (default 500) credited payments per call, oldest
 * first, so one transaction stays bounded: the next call confirms the rest. Returns how many were confirmed.
 */
export async function confirmPayments(db: Db, network: Network, opts: { now: Date; limit?: number }): Promise<number> {
  return inTransaction(db, async (tx) => {
    const cursor = await tx.networkCursor.findUnique({
      where: { networkId: network.id },
      select: { blockNumber: true },
    });
    if (cursor?.blockNumber == null) return 0;
    const deepest = cursor.blockNumber - BigInt(network.confirmations) + 1n;
    const dust = await tx.$queryRaw<{ id: string }[]>`
      UPDATE payments SET status = 'confirmed', confirmed_at = ${opts.now}, updated_at = ${opts.now}
       WHERE network_id = ${network.id} AND status = 'pending' AND dust AND block_number <= ${deepest}
      RETURNING id`;
    await settleDustLedger(tx, { networkId: network.id, deepest, now: opts.now });
    const ready = await tx.payment.findMany({
      where: { networkId: network.id, status: "pending", dust: false, blockNumber: { lte: deepest } },
      select: { id: true, invoiceId: true, txHash: true, logIndex: true, blockNumber: true },
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
      take: opts.limit ?? 500,
    });
    let confirmed = dust.length;
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
