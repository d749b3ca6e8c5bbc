import type { Tx } from "../db";

/**
 * Post a sweep item's pending ledger transfer (key `sweep:{itemId}`) with the transaction that moved it: its hash,
 * block number and hash are filled in as it is posted (the ledger's guard allows that once, from null), so that
 * reconciliation counts it from that block on. Returns whether it changed (false when not pending).
 */
export async function postSweepTransfer(
  tx: Tx,
  opts: { itemId: string; txHash: string; blockNumber: bigint; blockHash: string; at: Date },
): Promise<boolean> {
  const { count } = await tx.ledgerTransfer.updateMany({
    where: { key: `sweep:${opts.itemId}`, status: "pending" },
    data: {
      status: "posted",
      postedAt: opts.at,
      txHash: opts.txHash.toLowerCase(),
      blockNumber: opts.blockNumber,
      blockHash: opts.blockHash.toLowerCase(),
    },
  });
  return count === 1;
}
