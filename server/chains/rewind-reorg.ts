import type { PublicClient } from "viem";
import type { Db } from "../db";
import { recomputeInvoice } from "../invoices/recompute-invoice";
import { recordInvoiceEvent } from "../webhooks/record-event";
import type { Network } from "./networks";

/**
 * The chain no longer extends our cursor: find the highest stored block whose hash the canonical
 * chain still has (the common ancestor), mark payments in later blocks `reorged` with a
 * `payment.reorged` event, recompute their invoices, and move the cursor back so the next scan
 * rescans from there. Returns the ancestor's number.
 */
export async function rewindToCommonAncestor(db: Db, client: PublicClient, network: Network, opts: { now: Date }): Promise<bigint> {
  const stored = await db.blockHash.findMany({
    where: { networkId: network.id },
    orderBy: { number: "desc" },
    select: { number: true, hash: true },
  });
  let ancestor: { number: bigint; hash: string | null } | undefined;
  for (const block of stored) {
    const canonical = await client.getBlock({ blockNumber: block.number }).catch(() => null);
    if (canonical?.hash?.toLowerCase() === block.hash) {
      ancestor = block;
      break;
    }
  }
  // Deeper than what we keep: restart just below the oldest stored block, accepting any parent.
  const oldest = stored[stored.length - 1];
  ancestor ??= { number: oldest ? oldest.number - 1n : -1n, hash: null };
  const target = ancestor;

  await db.$transaction(async (tx) => {
    const orphaned = await tx.payment.findMany({
      where: { networkId: network.id, blockNumber: { gt: target.number }, status: { not: "reorged" } },
      select: { id: true, invoiceId: true, txHash: true, logIndex: true, blockNumber: true, blockHash: true },
    });
    for (const p of orphaned) {
      await tx.payment.update({ where: { id: p.id }, data: { status: "reorged", reorgedAt: opts.now, confirmedAt: null } });
      await recordInvoiceEvent(tx, {
        invoiceId: p.invoiceId,
        type: "payment.reorged",
        cause: { source: "chain", network: network.id, payment_id: p.id, tx_hash: p.txHash, log_index: p.logIndex, orphaned_block_number: p.blockNumber.toString(), orphaned_block_hash: p.blockHash, common_ancestor: target.number.toString() },
      });
    }
    for (const invoiceId of new Set(orphaned.map((p) => p.invoiceId))) {
      await recomputeInvoice(tx, { invoiceId, now: opts.now, cause: { source: "chain", network: network.id, reorg_common_ancestor: target.number.toString() } });
    }
    await tx.blockHash.deleteMany({ where: { networkId: network.id, number: { gt: target.number } } });
    await tx.networkCursor.update({
      where: { networkId: network.id },
      data: { blockNumber: target.number < 0n ? null : target.number, blockHash: target.hash },
    });
  });
  return target.number;
}
