import type { PublicClient } from "viem";
import { inTransaction, type Db } from "../db";
import { recomputeInvoice } from "../invoices/recompute-invoice";
import type { ScannedBlock } from "./fetch-blocks";
import type { CommonAncestor } from "./find-common-ancestor";
import { findTransfers } from "./find-transfers";
import { getTransferLogs, isLogRangeCapError, type TransferLog } from "./get-transfer-logs";
import { markOrphanedPayments } from "./mark-orphaned-payments";
import { retainedBlockHashes, type Network } from "./networks";
import type { LeasedCursor } from "./network-lease";
import { recordTransfers } from "./record-transfers";
import type { ScanRangeLimits } from "./scan-range-limits";
import type { WatchedAddressCache } from "./watched-addresses";

/** Milliseconds spent in each part of applying a range (for logs and the benchmark). */
export interface RangeTimings {
  /** eth_getLogs, refused attempts included. */
  logsMs: number;
  /** Bringing the watched set up to date. */
  watchedMs: number;
  /** Matching in memory (and receipts of native candidates). */
  matchMs: number;
  /** The database transaction. */
  commitMs: number;
}

/** What applying a range did. */
export interface AppliedRange {
  fromBlock: bigint;
  toBlock: bigint;
  /** Transfers to watched addresses in the range (new or seen before). */
  payments: number;
  /** Payments newly marked reorged. */
  reorged: number;
  timings: RangeTimings;
}

/**
 * Record a fetched, linked range of blocks: fetch its Transfer logs (halving the range while the
 * provider refuses it as too large), match transfers against the watched addresses, then in one
 * transaction mark payments orphaned by a reorg (when `ancestor` is given), record the transfers,
 * recompute the touched invoices once, store the block hashes and move the cursor by
 * compare-and-set from where the lease found it. Throws CursorMovedError (nothing written) when
 * another scanner moved the cursor first.
 */
export async function applyScannedRange(
  db: Db,
  client: PublicClient,
  network: Network,
  opts: {
    lease: LeasedCursor;
    blocks: ScannedBlock[];
    ancestor: CommonAncestor | null;
    at: Date;
    limits: ScanRangeLimits;
    watched: WatchedAddressCache;
    retain?: bigint;
  },
): Promise<AppliedRange> {
  let blocks = opts.blocks;
  const from = blocks[0]!.number;
  let to = blocks[blocks.length - 1]!.number;
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = now - t;
    t = now;
    return elapsed;
  };
  let logs: TransferLog[];
  for (;;) {
    try {
      logs = await getTransferLogs(client, network, { from, to });
      break;
    } catch (error) {
      if (!isLogRangeCapError(error) || to === from) throw error;
      to = from + opts.limits.refused(network.id, to - from + 1n) - 1n;
    }
  }
  opts.limits.passed(network.id, to - from + 1n);
  blocks = blocks.filter((b) => b.number <= to);
  const last = blocks[blocks.length - 1]!;
  const logsMs = lap();

  // Loaded after the blocks were fetched: an address paid in them was created before they existed.
  await opts.watched.refresh(db);
  const watchedMs = lap();
  const transfers = await findTransfers(client, network, blocks, logs, opts.watched.view(opts.at));
  const matchMs = lap();
  const ancestor = opts.ancestor;
  const retain = opts.retain ?? retainedBlockHashes(network);

  const reorged = await inTransaction(db, async (tx) => {
    let orphaned = { payments: 0, invoices: new Set<string>() };
    if (ancestor)
      orphaned = await markOrphanedPayments(tx, { networkId: network.id, ancestor: ancestor.number, now: opts.at });
    // Whatever was stored above where this range starts is replaced by what was just verified.
    await tx.blockHash.deleteMany({ where: { networkId: network.id, number: { gte: from } } });
    const detected = await recordTransfers(tx, network.id, transfers, opts.at);
    // Once per invoice, after both: a payment orphaned and re-included here is seen as pending, not lost.
    for (const invoiceId of new Set([...orphaned.invoices, ...detected])) {
      await recomputeInvoice(tx, {
        invoiceId,
        now: opts.at,
        cause: {
          source: "chain",
          network: network.id,
          block_number: last.number.toString(),
          ...(ancestor ? { reorg_common_ancestor: ancestor.number.toString() } : {}),
        },
      });
    }
    await tx.blockHash.createMany({
      data: blocks.map((b) => ({ networkId: network.id, number: b.number, hash: b.hash, parentHash: b.parentHash })),
      skipDuplicates: true, // a concurrent scanner's rows: its cursor move makes ours fail and roll back
    });
    const moved = await tx.networkCursor.updateMany({
      where: { networkId: network.id, blockNumber: opts.lease.blockNumber, blockHash: opts.lease.blockHash },
      data: { blockNumber: last.number, blockHash: last.hash },
    });
    if (moved.count !== 1) throw new CursorMovedError(network.id);
    await tx.blockHash.deleteMany({ where: { networkId: network.id, number: { lte: last.number - retain } } });
    return orphaned.payments;
  });
  return {
    fromBlock: from,
    toBlock: last.number,
    payments: transfers.length,
    reorged,
    timings: { logsMs, watchedMs, matchMs, commitMs: lap() },
  };
}

/** The cursor moved under a scan: another worker scanned the same range; nothing was written. */
export class CursorMovedError extends Error {
  constructor(networkId: string) {
    super(`cursor of ${networkId} moved during the scan`);
    this.name = "CursorMovedError";
  }
}
