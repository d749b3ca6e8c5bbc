import type { Tx } from "../db";
import { recordInvoiceEvent } from "../webhooks/record-event";

/**
 * In the caller's transaction, mark the network's payments in blocks above the common ancestor
 * `reorged` with a `payment.reorged` event each. Returns how many were marked and the invoices to recompute (the caller does,
 * once it has also recorded what the new chain holds, so a re-included payment is seen as such).
 */
export async function markOrphanedPayments(
  tx: Tx,
  opts: { networkId: string; ancestor: bigint; now: Date },
): Promise<{ payments: number; invoices: Set<string> }> {
  const orphaned = await tx.payment.findMany({
    where: { networkId: opts.networkId, blockNumber: { gt: opts.ancestor }, status: { not: "reorged" } },
    select: {
      id: true,
      invoiceId: true,
      txHash: true,
      logIndex: true,
      blockNumber: true,
      blockHash: true,
      status: true,
    },
    orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
  });
  const invoices = new Set<string>();
  let payments = 0;
  for (const p of orphaned) {
    // Conditional: a concurrent scanner that got here first leaves nothing to do (and loses its cursor race).
    const { count } = await tx.payment.updateMany({
      where: { id: p.id, status: { not: "reorged" } },
      data: { status: "reorged", reorgedAt: opts.now, confirmedAt: null },
    });
    if (count === 0) continue;
    payments++;
    invoices.add(p.invoiceId);
    await recordInvoiceEvent(tx, {
      invoiceId: p.invoiceId,
      type: "payment.reorged",
      cause: {
        source: "chain",
        network: opts.networkId,
        payment_id: p.id,
        tx_hash: p.txHash,
        log_index: p.logIndex,
        previous_status: p.status,
        orphaned_block_number: p.blockNumber.toString(),
        orphaned_block_hash: p.blockHash,
        common_ancestor: opts.ancestor.toString(),
      },
    });
  }
  return { payments, invoices };
}
