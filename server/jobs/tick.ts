import { pruneIdempotencyKeys } from "../api/idempotency/prune-idempotency-keys";
import type { Db } from "../db";
import { publicClientFor } from "../chains/client";
import { confirmPayments } from "../chains/confirm-payments";
import { releaseNetworkLease } from "../chains/network-lease";
import { enabledNetworks } from "../chains/networks";
import { CursorMovedError, scanNetwork, type ScanResult } from "../chains/scan-network";
import { expireDueInvoices } from "../invoices/expire-due-invoices";
import { logger } from "../logger";
import { deliverDueWebhooks } from "../webhooks/deliver-due-webhooks";

export interface TickReport {
  networks: Record<string, { scans: ScanResult["outcome"][]; payments: number; confirmed: number; error?: string }>;
  expired: number;
  webhookAttempts: number;
  idempotencyKeysPruned: number;
}

export type TickPart = "chains" | "webhooks";

/**
 * One unit of background work, the same for the worker and the cron route: scan every enabled
 * network up to its head (bounded per call), confirm payments, expire due invoices, prune old
 * idempotency keys ("chains"), and send due webhooks ("webhooks"). The worker runs the two parts in
 * separate loops so that a slow webhook receiver never delays detecting payments; the cron route
 * runs both. Each part is safe to run concurrently with another tick. A failing network is logged
 * and skipped; the others go on.
 */
export async function tick(
  db: Db,
  opts: { owner: string; now?: () => Date; maxRangesPerNetwork?: number; parts?: readonly TickPart[] },
): Promise<TickReport> {
  const now = opts.now ?? (() => new Date());
  const parts = opts.parts ?? ["chains", "webhooks"];
  const report: TickReport = { networks: {}, expired: 0, webhookAttempts: 0, idempotencyKeysPruned: 0 };
  if (parts.includes("chains")) await chainWork(db, opts.owner, now, opts.maxRangesPerNetwork ?? 20, report);
  if (parts.includes("webhooks")) report.webhookAttempts = await deliverDueWebhooks(db, { now });
  return report;
}

async function chainWork(db: Db, owner: string, now: () => Date, maxRanges: number, report: TickReport): Promise<void> {
  const opts = { owner, maxRangesPerNetwork: maxRanges };
  for (const network of enabledNetworks()) {
    const entry: TickReport["networks"][string] = { scans: [], payments: 0, confirmed: 0 };
    report.networks[network.id] = entry;
    try {
      const client = publicClientFor(network);
      for (let i = 0; i < opts.maxRangesPerNetwork; i++) {
        const result = await scanNetwork(db, client, network, { owner: opts.owner, now });
        entry.scans.push(result.outcome);
        entry.payments += result.payments;
        if (result.outcome !== "scanned" && result.outcome !== "reorg") break;
      }
      entry.confirmed = await confirmPayments(db, network, { now: now() });
    } catch (error) {
      if (error instanceof CursorMovedError) {
        entry.scans.push("busy");
        continue;
      }
      entry.error = error instanceof Error ? error.message : String(error);
      logger().error({ err: error, network: network.id }, "network scan failed");
    } finally {
      // Between ticks the network is free for whichever worker comes next.
      await releaseNetworkLease(db, { networkId: network.id, owner: opts.owner });
    }
  }
  report.expired = await expireDueInvoices(db, { now: now() });
  report.idempotencyKeysPruned = await pruneIdempotencyKeys(db, { now: now() });
}
