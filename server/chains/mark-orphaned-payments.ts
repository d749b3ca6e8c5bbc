import type { Tx } from "../db";
import { recordInvoiceEvent } from "../webhooks/record-event";

/**
 * In the caller's transaction, mark the network's payments in blocks above the common ancestor
 * `reorged` with a `payment.reorged` event each. Dust payments are marked in one statement, without events (they never
 * counted for their invoice). Returns how many were marked, the invoices to recompute (the caller does, once it has
 * also recorded what the new chain holds, so a re-included payment is seen as such) and the dust payments whose
 * ledger entries the caller takes back with orphanDustLedger.
 */
export async function markOrphanedPayments(
  tx: Tx,
  opts: { networkId: string; ancestor: bigint; now: Date },
): Promise<{ payments: number; invoices: Set<string>; dust: string[] }> {
  const dust = await tx.$queryRaw<{ id: string }[]>`
    UPDATE payments SET status = 'reorged', reorged_at = ${opts.now}, confirmed_at = NULL, updated_at = ${opts.now}
     WHERE network_id = ${opts.networkId} AND block_number > ${opts.ancestor} AND status <> 'reorged' AND dust
    RETURNING id`;
  const orphaned = await tx.payment.findMany({
    where: {
      networkId: opts.networkId,
      blockNumber: { gt: opts.ancestor },
      status: { not: "reorged" },
      dust: false,
    },
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
  let payments = dust.length;
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
  return { payments, invoices, dust: dust.map((d) => d.id) };
}
