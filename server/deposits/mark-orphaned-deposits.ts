import type { Tx } from "../db";
import { loadCursorHeights } from "../invoices/invoice-record";
import { memoInTransaction } from "../tx-memo";
import { orphanDepositLedger } from "./deposit-ledger";
import { recordDepositEvent } from "./record-deposit-event";

/**
 * In the scan's transaction, mark the network's deposits in blocks above a reorg's common ancestor `reorged`, with a
 * `deposit.reorged` event each (none for a deposit below the minimum, which never had one), and take back their ledger
 * entries: pending ones voided, posted ones reversed (deposit-ledger.ts). A deposit the new chain holds is recorded
 * again by the same transaction (recordDeposits), at its new block. Returns how many were marked.
 */
export async function markOrphanedDeposits(
  tx: Tx,
  opts: { networkId: string; ancestor: bigint; now: Date },
): Promise<number> {
  const orphaned = await tx.$queryRaw<{ id: string; status: string; below_minimum: boolean }[]>`
    UPDATE deposits d SET status = 'reorged', reorged_at = ${opts.now}, confirmed_at = NULL, updated_at = ${opts.now}
      FROM (SELECT id, status FROM deposits
             WHERE network_id = ${opts.networkId} AND block_number > ${opts.ancestor} AND status <> 'reorged'
             FOR UPDATE) old
     WHERE d.id = old.id
    RETURNING d.id, old.status::text AS status, d.below_minimum`;
  await orphanDepositLedger(tx, opts);
  if (orphaned.length === 0) return 0;
  const previous = new Map(orphaned.map((o) => [o.id, o.status]));
  const heights = await memoInTransaction(tx, "cursor-heights", () => loadCursorHeights(tx));
  const rows = await tx.deposit.findMany({
    where: { id: { in: orphaned.filter((o) => !o.below_minimum).map((o) => o.id) } },
    orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
  });
  for (const d of rows) {
    await recordDepositEvent(tx, {
      deposit: d,
      type: "deposit.reorged",
      heights,
      at: opts.now,
      cause: {
        source: "chain",
        network: opts.networkId,
        deposit_id: d.id,
        tx_hash: d.txHash,
        log_index: d.logIndex,
        previous_status: previous.get(d.id) ?? "pending",
        orphaned_block_number: d.blockNumber.toString(),
        orphaned_block_hash: d.blockHash,
        common_ancestor: opts.ancestor.toString(),
      },
    });
  }
  return orphaned.length;
}
