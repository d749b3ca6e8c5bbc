import type { Db } from "../db";
import { publicClientFor } from "../chains/client";
import { confirmPayments } from "../chains/confirm-payments";
import { confirmDeposits } from "../deposits/confirm-deposits";
import { releaseNetworkLease } from "../chains/network-lease";
import type { Network } from "../chains/networks";
import { CursorMovedError, scanNetwork, type ScanResult } from "../chains/scan-network";
import { logger } from "../logger";

/** What one sync of a network did. */
export interface NetworkSync {
  scans: ScanResult["outcome"][];
  payments: number;
  confirmed: number;
  /** The node's head as the last scan saw it (absent when no scan reached the node). */
  head?: bigint;
  error?: string;
}

/**
 * Bring one network up to date: scan ranges until caught up (at most `maxRanges`, default 20),
 * confirm what reached its confirmations, and give the network's lease back. Errors are logged and
 * returned, not thrown (one failing network must not stop the others); a scan that lost a race with
 * another worker counts as "busy".
 */
export async function syncNetwork(
  db: Db,
  network: Network,
  opts: { owner: string; now?: () => Date; maxRanges?: number },
): Promise<NetworkSync> {
  const now = opts.now ?? (() => new Date());
  const sync: NetworkSync = { scans: [], payments: 0, confirmed: 0 };
  try {
    const client = publicClientFor(network);
    for (let i = 0; i < (opts.maxRanges ?? 20); i++) {
      const result = await scanNetwork(db, client, network, { owner: opts.owner, now });
      sync.scans.push(result.outcome);
      sync.payments += result.payments;
      if (result.head !== undefined) sync.head = result.head;
      if (result.outcome !== "scanned" && result.outcome !== "reorg" && result.outcome !== "quarantined") break;
    }
    sync.confirmed = await confirmPayments(db, network, { now: now() });
    sync.confirmed += await confirmDeposits(db, network, { now: now() });
  } catch (error) {
    if (error instanceof CursorMovedError) {
      sync.scans.push("busy");
    } else {
      sync.error = error instanceof Error ? error.message : String(error);
      logger().error({ err: error, network: network.id }, "network scan failed");
    }
  } finally {
    // Between syncs the network is free for whichever worker comes next.
    await releaseNetworkLease(db, { networkId: network.id, owner: opts.owner });
  }
  return sync;
}
