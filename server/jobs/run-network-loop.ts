import type { Db } from "../db";
import type { Network } from "../chains/networks";
import type { ReconnectBackoff } from "../chains/reconnect-delay";
import { watchNewHeads, type HeadWatchHooks } from "../chains/watch-new-heads";
import { logger } from "../logger";
import { syncNetwork, type NetworkSync } from "./sync-network";
import { Wakeup } from "./wakeup";

export interface NetworkLoopOptions {
  /** Identifies this worker in the network lease. */
  owner: string;
  /** Longest time between two syncs (WORKER_POLL_MS). */
  pollMs: number;
  /** Ends the loop: the current sync finishes, the socket closes, the promise resolves. */
  signal: AbortSignal;
  /** Reconnection delays of the head subscription (default DEFAULT_RECONNECT_BACKOFF). */
  backoff?: ReconnectBackoff;
  hooks?: HeadWatchHooks & { onHead?(number: bigint): void; onSync?(sync: NetworkSync): void };
}

/** How soon to look again when the subscription announced a head the HTTP node did not serve yet, and how often. */
const LAGGING_NODE_RETRY_MS = 100;
const LAGGING_NODE_RETRIES = 5;

/**
 * The worker's chain loop for one network: syncNetwork (scan to the head through the lease, reorg
 * checks and all, then confirm), then wait `pollMs`, or less when the network's head subscription
 * (network.wsUrl, see watchNewHeads) announces a block: the subscription only removes the poll delay,
 * everything goes through the same scan. Without a subscription, or while its socket is down and
 * reconnecting, the loop simply polls. When a sync finds the node's head below the announced one (a
 * provider balancing HTTP and WebSocket over different nodes), it looks again after 100 ms, up to 5
 * times, rather than waiting a whole poll.
 */
export async function runNetworkLoop(db: Db, network: Network, opts: NetworkLoopOptions): Promise<void> {
  const wakeup = new Wakeup();
  let announced = -1n;
  const watch = network.wsUrl
    ? watchNewHeads({
        url: network.wsUrl,
        networkId: network.id,
        backoff: opts.backoff,
        onHead: (number) => {
          if (number > announced) announced = number;
          wakeup.notify();
          opts.hooks?.onHead?.(number);
        },
        onSubscribed: opts.hooks?.onSubscribed,
        onReconnectScheduled: opts.hooks?.onReconnectScheduled,
      })
    : null;
  const stop = () => wakeup.notify();
  opts.signal.addEventListener("abort", stop);
  let laggingRetries = 0;
  try {
    while (!opts.signal.aborted) {
      const started = Date.now();
      let sync: NetworkSync;
      try {
        sync = await syncNetwork(db, network, { owner: opts.owner });
      } catch (error) {
        // Scan errors come back in the result; what throws is the database itself (releasing the lease): go on polling.
        logger().error({ err: error, network: network.id }, "network sync failed");
        sync = { scans: [], payments: 0, confirmed: 0, error: error instanceof Error ? error.message : String(error) };
      }
      if (sync.payments > 0 || sync.confirmed > 0)
        logger().info({ network: network.id, sync: { ...sync, head: sync.head?.toString() } }, "sync");
      opts.hooks?.onSync?.(sync);
      let waitMs = Math.max(0, opts.pollMs - (Date.now() - started));
      if (sync.head !== undefined && sync.head < announced && laggingRetries < LAGGING_NODE_RETRIES) {
        laggingRetries++;
        waitMs = Math.min(waitMs, LAGGING_NODE_RETRY_MS);
      } else {
        laggingRetries = 0;
      }
      if (!opts.signal.aborted) await wakeup.wait(waitMs);
    }
  } finally {
    watch?.stop();
    opts.signal.removeEventListener("abort", stop);
  }
}
