import type { Block, PublicClient } from "viem";
import type { Db } from "../db";
import { recomputeInvoice } from "../invoices/recompute-invoice";
import { findTransfers } from "./find-transfers";
import { acquireNetworkLease } from "./network-lease";
import type { Network } from "./networks";
import { recordTransfers } from "./record-transfers";
import { rewindToCommonAncestor } from "./rewind-reorg";
import { loadWatchedAddresses } from "./watched-addresses";

export interface ScanOptions {
  /** Identifies this worker in the network lease. */
  owner: string;
  now?: () => Date;
  /** Blocks fetched per range. */
  batchSize?: number;
  /** How far behind the head a network's first scan starts. */
  initialLookback?: bigint;
  leaseTtlMs?: number;
}

export interface ScanResult {
  /** "busy" when another worker holds the lease. */
  outcome: "scanned" | "caught_up" | "busy" | "reorg";
  fromBlock?: bigint;
  toBlock?: bigint;
  head?: bigint;
  payments: number;
}

/**
 * Scan the next range of blocks of one network from its cursor: detect transfers to watched
 * addresses, record payments and recompute their invoices, store block hashes, and advance the
 * cursor, all in one transaction. A parent-hash mismatch rewinds the cursor to the common ancestor
 * instead (see rewindToCommonAncestor). Safe to call from several workers at once.
 */
export async function scanNetwork(db: Db, client: PublicClient, network: Network, opts: ScanOptions): Promise<ScanResult> {
  const now = opts.now ?? (() => new Date());
  const batchSize = BigInt(opts.batchSize ?? 50);
  const lease = await acquireNetworkLease(db, { networkId: network.id, chainId: network.chainId, owner: opts.owner, ttlMs: opts.leaseTtlMs ?? 30_000 });
  if (!lease) return { outcome: "busy", payments: 0 };

  const head = await client.getBlockNumber({ cacheTime: 0 });
  const lookback = opts.initialLookback ?? 200n;
  const from = lease.blockNumber === null ? (head > lookback ? head - lookback : 0n) : lease.blockNumber + 1n;
  if (from > head) return { outcome: "caught_up", head, payments: 0 };
  const to = from + batchSize - 1n < head ? from + batchSize - 1n : head;

  const numbers: bigint[] = [];
  for (let n = from; n <= to; n++) numbers.push(n);
  const blocks = (await Promise.all(numbers.map((blockNumber) => client.getBlock({ blockNumber, includeTransactions: true })))) as Block<bigint, true>[];

  // The range must extend our cursor and be internally linked; otherwise the chain reorganised.
  const linked = blocks.every((b, i) => (i === 0 ? lease.blockHash === null || b.parentHash === lease.blockHash : b.parentHash === blocks[i - 1]!.hash));
  if (!linked) {
    await rewindToCommonAncestor(db, client, network, { now: now() });
    return { outcome: "reorg", head, payments: 0 };
  }

  const at = now();
  const watched = await loadWatchedAddresses(db, { livemode: network.livemode, now: at });
  const transfers = await findTransfers(client, network, blocks, watched);
  const last = blocks[blocks.length - 1]!;

  await db.$transaction(async (tx) => {
    const affected = await recordTransfers(tx, network.id, transfers, at);
    for (const invoiceId of affected) {
      await recomputeInvoice(tx, { invoiceId, now: at, cause: { source: "chain", network: network.id, block_number: last.number!.toString() } });
    }
    await tx.blockHash.createMany({
      data: blocks.map((b) => ({ networkId: network.id, number: b.number!, hash: b.hash!.toLowerCase(), parentHash: b.parentHash.toLowerCase() })),
      skipDuplicates: true,
    });
    // Compare-and-set: if the cursor moved since we read it, another scanner won; roll back.
    const moved = await tx.networkCursor.updateMany({
      where: { networkId: network.id, blockNumber: lease.blockNumber, blockHash: lease.blockHash },
      data: { blockNumber: last.number!, blockHash: last.hash!.toLowerCase() },
    });
    if (moved.count !== 1) throw new CursorMovedError(network.id);
    await tx.blockHash.deleteMany({ where: { networkId: network.id, number: { lt: last.number! - 512n } } });
  });
  return { outcome: "scanned", fromBlock: from, toBlock: to, head, payments: transfers.length };
}

/** The cursor moved under a scan: another worker scanned the same range; nothing was written. */
export class CursorMovedError extends Error {
  constructor(networkId: string) {
    super(`cursor of ${networkId} moved during the scan`);
    this.name = "CursorMovedError";
  }
}
