import type { Hash, PublicClient } from "viem";
import type { Db } from "../db";
import {
  applyScannedRange,
  CursorMovedError,
  RangeApplyError,
  type AppliedRange,
  type RangeTimings,
} from "./apply-scanned-range";
import { fetchBlocks, type ScannedBlock } from "./fetch-blocks";
import { findCommonAncestor, type CommonAncestor } from "./find-common-ancestor";
import { acquireNetworkLease, type LeasedCursor } from "./network-lease";
import { retainedBlockHashes, type Network } from "./networks";
import { quarantineRange, QUARANTINE_AFTER, recordRangeFailure } from "./quarantine-range";
import { processScanRangeLimits, type ScanRangeLimits } from "./scan-range-limits";
import { watchedAddressCache, type WatchedAddressCache } from "./watched-addresses";

export { CursorMovedError };

export interface ScanOptions {
  /** Identifies this worker in the network lease. */
  owner: string;
  now?: () => Date;
  /** Most blocks per range (fewer while the provider caps eth_getLogs). */
  batchSize?: number;
  /** How far behind the head a network's first scan starts. */
  initialLookback?: bigint;
  leaseTtlMs?: number;
  /** Block hashes kept for reorg detection (default: retainedBlockHashes(network)). */
  retainBlocks?: bigint;
  /** Learned range limits (default: the process's). */
  rangeLimits?: ScanRangeLimits;
  /** Watched addresses (default: the process's cache for the network's mode). */
  watched?: WatchedAddressCache;
}

export interface ScanResult {
  /**
   * "behind": the node reports a head below our cursor with the hash we stored there, or below what we keep (a
   * lagging node); nothing to do yet. "quarantined": a block whose recording kept failing was skipped (see
   * quarantine-range.ts); the cursor moved past it.
   */
  outcome: "scanned" | "caught_up" | "behind" | "busy" | "reorg" | "quarantined";
  fromBlock?: bigint;
  toBlock?: bigint;
  head?: bigint;
  /** On "reorg": the block the cursor went back to before rescanning. */
  commonAncestor?: bigint;
  /** Transfers to watched addresses found in the range (new or seen before). */
  payments: number;
  /** Payments marked reorged by this scan. */
  reorged: number;
  /** Where the time went, when a range was applied: the head and block queries, then applyScannedRange's parts. */
  timings?: RangeTimings & { headMs: number; blocksMs: number };
}

/**
 * Scan the next range of one network: one head query, the blocks after the cursor in one batch, one
 * `eth_getLogs`, then one transaction (see applyScannedRange). When the chain no longer extends the
 * cursor (a parent hash or the head's hash differs from what we stored), find the common ancestor and
 * rescan from it, at least up to where the cursor was, orphaning in the same transaction what the
 * new chain does not hold. Rewinds only on that evidence: a head below the cursor with the hash we
 * stored is a lagging node, not a reorg. A reorg deeper than the retained hashes throws
 * ReorgTooDeepError and changes nothing. Safe to call from several workers at once.
 *
 * A range whose recording fails (RangeApplyError: the transaction, never the node) is counted on the cursor and
 * retried one block at a time; a block that fails QUARANTINE_AFTER times in a row is quarantined (recorded in
 * scan_quarantines with an alert in the log, the cursor moves past it) so the rest of the network is still seen.
 * The operator rescans it with `npm run payrail -- scan rescan-quarantined` (docs/operations.md).
 */
export async function scanNetwork(
  db: Db,
  client: PublicClient,
  network: Network,
  opts: ScanOptions,
): Promise<ScanResult> {
  const lease = await acquireNetworkLease(db, {
    networkId: network.id,
    chainId: network.chainId,
    owner: opts.owner,
    ttlMs: opts.leaseTtlMs ?? 30_000,
  });
  if (!lease) return { outcome: "busy", payments: 0, reorged: 0 };

  const limits = opts.rangeLimits ?? processScanRangeLimits;
  // A range that failed to record is retried one block at a time, to find (and, failing again, skip) the culprit.
  const failing = lease.blockNumber !== null && lease.failingFromBlock === lease.blockNumber + 1n;
  const size = failing ? 1n : limits.sizeFor(network.id, BigInt(opts.batchSize ?? 50));
  const started = performance.now();
  const head = (await client.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    number: `0x${string}`;
    hash: Hash;
  };
  const headNumber = BigInt(head.number);
  const headMs = performance.now() - started;
  const ctx = {
    db,
    client,
    network,
    lease,
    limits,
    at: (opts.now ?? (() => new Date()))(),
    watched: opts.watched ?? watchedAddressCache(network.livemode),
    retain: opts.retainBlocks,
  };
  const result = (r: Omit<ScanResult, "head" | "payments" | "reorged"> & Partial<ScanResult>): ScanResult => ({
    payments: 0,
    reorged: 0,
    ...r,
    head: headNumber,
  });
  const scanned = async (blocks: ScannedBlock[], blocksMs: number): Promise<ScanResult> => {
    try {
      const { timings, ...applied } = await applyScannedRange(db, client, network, { ...ctx, blocks, ancestor: null });
      return result({ outcome: "scanned", ...applied, timings: { headMs, blocksMs, ...timings } });
    } catch (error) {
      if (!(error instanceof RangeApplyError)) throw error;
      const attempts = await recordRangeFailure(db, { networkId: network.id, fromBlock: error.range.from });
      if (attempts < QUARANTINE_AFTER || error.range.to !== error.range.from) throw error;
      await quarantineRange(db, { network, lease, failure: error, attempts, block: blocks[0]! });
      return result({ outcome: "quarantined", fromBlock: error.range.from, toBlock: error.range.to });
    }
  };

  if (lease.blockNumber === null) {
    const lookback = opts.initialLookback ?? 200n;
    const from = headNumber > lookback ? headNumber - lookback : 0n;
    const t = performance.now();
    const blocks = linkedPrefix(await fetchBlocks(client, { from, to: min(headNumber, from + size - 1n) }), null);
    if (blocks === "unlinked" || blocks.length === 0) return result({ outcome: "behind" });
    return scanned(blocks, performance.now() - t);
  }

  const cursor = { number: lease.blockNumber, hash: lease.blockHash };
  if (headNumber <= cursor.number) {
    const stored =
      headNumber === cursor.number
        ? cursor.hash
        : (
            await db.blockHash.findUnique({
              where: { networkId_number: { networkId: network.id, number: headNumber } },
              select: { hash: true },
            })
          )?.hash;
    if (stored === head.hash.toLowerCase())
      return result({ outcome: headNumber === cursor.number ? "caught_up" : "behind" });
    // Below everything we keep: nothing to compare with, so no evidence of a reorg (a node far behind).
    if (stored === undefined) return result({ outcome: "behind" });
    return result(await rescanFromAncestor(ctx, { head: headNumber, cursor: cursor.number, size }));
  }

  const from = cursor.number + 1n;
  const t = performance.now();
  const blocks = linkedPrefix(await fetchBlocks(client, { from, to: min(headNumber, from + size - 1n) }), cursor.hash);
  if (blocks === "unlinked")
    return result(await rescanFromAncestor(ctx, { head: headNumber, cursor: cursor.number, size }));
  if (blocks.length === 0) return result({ outcome: "behind" });
  return scanned(blocks, performance.now() - t);
}

interface ScanContext {
  db: Db;
  client: PublicClient;
  network: Network;
  lease: LeasedCursor;
  limits: ScanRangeLimits;
  watched: WatchedAddressCache;
  at: Date;
  retain?: bigint;
}

/** The reorg path: rewind to the common ancestor and rescan from it in one transaction. */
async function rescanFromAncestor(
  ctx: ScanContext,
  opts: { head: bigint; cursor: bigint; size: bigint },
): Promise<Omit<ScanResult, "head">> {
  const ancestor: CommonAncestor | null = await findCommonAncestor(ctx.db, ctx.client, ctx.network.id);
  if (!ancestor) throw new ReorgTooDeepError(ctx.network.id, ctx.retain ?? retainedBlockHashes(ctx.network));
  const from = ancestor.number + 1n;
  // Up to where the cursor was, so a re-included payment is found in the transaction that orphans it.
  const to = min(opts.head, max(from + opts.size - 1n, opts.cursor));
  const blocks = linkedPrefix(await fetchBlocks(ctx.client, { from, to }), ancestor.hash);
  // The chain moved again while we looked (retry now), or the node lags (wait): nothing written.
  if (blocks === "unlinked") return { outcome: "reorg", commonAncestor: ancestor.number, payments: 0, reorged: 0 };
  if (blocks.length === 0) return { outcome: "behind", payments: 0, reorged: 0 };
  const { timings: _timings, ...applied }: AppliedRange = await applyScannedRange(ctx.db, ctx.client, ctx.network, {
    ...ctx,
    blocks,
    ancestor,
  });
  return { outcome: "reorg", commonAncestor: ancestor.number, ...applied };
}

/** The blocks that extend `parent` one after another ("unlinked" when the first does not). */
function linkedPrefix(blocks: ScannedBlock[], parent: string | null): ScannedBlock[] | "unlinked" {
  const first = blocks[0];
  if (!first) return [];
  if (parent !== null && first.parentHash !== parent) return "unlinked";
  let end = 1;
  while (end < blocks.length && blocks[end]!.parentHash === blocks[end - 1]!.hash) end++;
  return blocks.slice(0, end);
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * None of the retained block hashes is canonical any more: the chain changed deeper than we can
 * check. Nothing is rewound automatically (it could orphan or miss payments we cannot verify);
 * the network stays halted until an operator runs rescanNetworkFrom.
 */
export class ReorgTooDeepError extends Error {
  constructor(networkId: string, retained: bigint) {
    super(
      `reorg on ${networkId} deeper than the ${retained} retained block hashes: scanning halted; verify and restart with rescanNetworkFrom`,
    );
    this.name = "ReorgTooDeepError";
  }
}
