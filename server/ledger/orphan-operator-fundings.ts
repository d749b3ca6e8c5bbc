import type { Tx } from "../db";
import { OPERATOR_FUNDING_KEY_PREFIX } from "./operator-funding-accounts";
import { reversePostedTransfers } from "./reverse-posted-transfers";

/**
 * In the scan's transaction, when a reorg orphans the blocks above `ancestor`: the network's operator fundings in them
 * become `reorged` and their ledger entries are taken back: a pending entry is voided, a posted one (the funding had
 * its confirmations) is reversed by a posted entry keyed `{key}:reversal` carrying the orphaned block
 * (reversePostedTransfers), so the pair nets to zero at any height, as the chain does. A funding the new chain holds
 * is recorded again by the same transaction (recordOperatorFundings) at its new block. A replay changes nothing.
 * Returns how many were marked.
 */
export async function orphanOperatorFundings(
  tx: Tx,
  opts: { networkId: string; ancestor: bigint; now: Date },
): Promise<number> {
  const orphaned = await tx.$queryRaw<{ id: string }[]>`
    UPDATE operator_fundings SET status = 'reorged', reorged_at = ${opts.now}, confirmed_at = NULL,
           updated_at = ${opts.now}
     WHERE network_id = ${opts.networkId} AND block_number > ${opts.ancestor} AND status <> 'reorged'
    RETURNING id`;
  if (orphaned.length === 0) return 0;
  const where = {
    sourceId: { in: orphaned.map((r) => r.id) },
    key: { startsWith: OPERATOR_FUNDING_KEY_PREFIX },
    blockNumber: { gt: opts.ancestor },
  };
  await tx.ledgerTransfer.updateMany({
    where: { ...where, status: "pending" },
    data: { status: "voided", voidedAt: opts.now },
  });
  await reversePostedTransfers(tx, {
    where: { ...where, NOT: { key: { endsWith: ":reversal" } } },
    describe: (t) => `Reversal: operator funding ${t.sourceId} left the chain in a reorg`,
    now: opts.now,
  });
  return orphaned.length;
}
