import type { PublicClient } from "viem";
import { inTransaction, type Db, type Tx } from "../db";
import { markOrphanedDeposits } from "../deposits/mark-orphaned-deposits";
import { recordDeposits } from "../deposits/record-deposits";
import { recomputeInvoice } from "../invoices/recompute-invoice";
import { orphanDustLedger, postDustLedger } from "../ledger/sync-dust-ledger";
import { confirmOperatorFundings } from "../ledger/confirm-operator-fundings";
import { orphanOperatorFundings } from "../ledger/orphan-operator-fundings";
import { recordOperatorFundings } from "../ledger/record-operator-fundings";
import type { ScannedBlock } from "./fetch-blocks";
import type { CommonAncestor } from "./find-common-ancestor";
import { findPlatformFundings } from "./find-platform-fundings";
import { findTransfers } from "./find-transfers";
import { withoutGasFundings } from "./without-gas-fundings";
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
 * compare-and-set from where the lease found it. Dust (dust-minimums.ts) is recorded in the same
 * statement as the rest, with its ledger entries in a few more, and moves no invoice. The operator's fundings of the
 * platform wallets (find-platform-fundings.ts: from the same blocks and logs) are recorded and confirmed in the same
 * transaction, orphaned with the rest on a reorg. A range whose
 * transfers exceed MAX_TRANSFERS_PER_RANGE is cut after the block that reaches it. Throws
 * CursorMovedError (nothing written) when another scanner moved the cursor first, RangeApplyError
 * (nothing written) when the transaction failed.
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
  const logsMs = lap();

  // Loaded after the blocks were fetched: an address paid in them was created before they existed.
  await opts.watched.refresh(db);
  const watchedMs = lap();
  let transfers = await withoutGasFundings(
    db,
    await findTransfers(client, network, blocks, logs, opts.watched.view(opts.at)),
  );
  // The operator's fundings of the platform wallets, from the same blocks and logs (no RPC call per address).
  let fundings = await findPlatformFundings(db, client, network, blocks, logs);
  // Bounded work per transaction: a range with more transfers than that is cut after the block that reaches it
  // (one block is always applied whole; its transaction is given time in proportion).
  const bounded = boundedPrefix(blocks, transfers);
  if (bounded.length < blocks.length) {
    blocks = bounded;
    to = blocks[blocks.length - 1]!.number;
    transfers = transfers.filter((tr) => tr.blockNumber <= to);
    fundings = fundings.filter((f) => f.blockNumber <= to);
  }
  const last = blocks[blocks.length - 1]!;
  const matchMs = lap();
  const ancestor = opts.ancestor;
  const retain = opts.retain ?? retainedBlockHashes(network);

  const apply = async (tx: Tx): Promise<number> => {
    let orphaned = { payments: 0, invoices: new Set<string>(), dust: [] as string[] };
    if (ancestor) {
      orphaned = await markOrphanedPayments(tx, { networkId: network.id, ancestor: ancestor.number, now: opts.at });
      await orphanDustLedger(tx, { networkId: network.id, ancestor: ancestor.number, now: opts.at });
      orphaned.payments += await markOrphanedDeposits(tx, {
        networkId: network.id,
        ancestor: ancestor.number,
        now: opts.at,
      });
      await orphanOperatorFundings(tx, { networkId: network.id, ancestor: ancestor.number, now: opts.at });
    }
    // Whatever was stored above where this range starts is replaced by what was just verified.
    await tx.blockHash.deleteMany({ where: { networkId: network.id, number: { gte: from } } });
    // Customers' permanent addresses receive deposits (server/deposits/), invoices' addresses payments.
    const detected = await recordTransfers(tx, network.id, transfers, opts.at);
    await recordDeposits(tx, network.id, transfers, opts.at);
    // Operator fundings: pending now, posted once this range gives them the network's confirmations (the cursor only
    // moves here, so this is the one place their depth changes).
    await recordOperatorFundings(tx, network, fundings, opts.at);
    await confirmOperatorFundings(tx, {
      networkId: network.id,
      height: last.number,
      confirmations: network.confirmations,
      now: opts.at,
    });
    // Dust moves no invoice: only its ledger entries follow, in a few statements however many there are.
    await postDustLedger(tx, { paymentIds: detected.dust, now: opts.at });
    // Once per invoice, after both: a payment orphaned and re-included here is seen as pending, not lost.
    for (const invoiceId of new Set([...orphaned.invoices, ...detected.invoices])) {
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
      data: { blockNumber: last.number, blockHash: last.hash, failingFromBlock: null, failingAttempts: 0 },
    });
    if (moved.count !== 1) throw new CursorMovedError(network.id);
    await tx.blockHash.deleteMany({ where: { networkId: network.id, number: { lte: last.number - retain } } });
    return orphaned.payments;
  };
  let reorged: number;
  try {
    reorged = await inTransaction(db, apply, { timeout: applyTimeoutMs(transfers.length) });
  } catch (error) {
    if (error instanceof CursorMovedError) throw error;
    // The chain was read; what failed is recording it (a timeout, a constraint, the database): the caller
    // counts such failures and quarantines a range that keeps failing (scan-network.ts).
    throw new RangeApplyError(network.id, { from, to: last.number, hash: last.hash }, error);
  }
  return {
    fromBlock: from,
    toBlock: last.number,
    payments: transfers.length,
    reorged,
    timings: { logsMs, watchedMs, matchMs, commitMs: lap() },
  };
}

/** Most transfers applied in one range's transaction when the range spans several blocks. */
export const MAX_TRANSFERS_PER_RANGE = 1_000;

/** The blocks from the first up to the one whose transfers reach MAX_TRANSFERS_PER_RANGE (at least one block). */
function boundedPrefix(blocks: ScannedBlock[], transfers: { blockNumber: bigint }[]): ScannedBlock[] {
  if (transfers.length <= MAX_TRANSFERS_PER_RANGE) return blocks;
  const perBlock = new Map<bigint, number>();
  for (const t of transfers) perBlock.set(t.blockNumber, (perBlock.get(t.blockNumber) ?? 0) + 1);
  let count = 0;
  for (let i = 0; i < blocks.length; i++) {
    count += perBlock.get(blocks[i]!.number) ?? 0;
    if (count >= MAX_TRANSFERS_PER_RANGE) return blocks.slice(0, i + 1);
  }
  return blocks;
}

/** The range transaction's time limit: Prisma's 5 s default plus 20 ms per transfer, at most 2 minutes. */
function applyTimeoutMs(transfers: number): number {
  return Math.min(5_000 + 20 * transfers, 120_000);
}

/** Recording a fetched range failed (not the chain: the transaction). Nothing was written. */
export class RangeApplyError extends Error {
  constructor(
    readonly networkId: string,
    readonly range: { from: bigint; to: bigint; hash: string },
    cause: unknown,
  ) {
    super(
      `applying blocks ${range.from}-${range.to} of ${networkId} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = "RangeApplyError";
  }
}

/** The cursor moved under a scan: another worker scanned the same range; nothing was written. */
export class CursorMovedError extends Error {
  constructor(networkId: string) {
    super(`cursor of ${networkId} moved during the scan`);
    this.name = "CursorMovedError";
  }
}
