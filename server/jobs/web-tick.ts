// The tick parts the web process may run (the cron route): nothing here reaches a signing key. The worker's own parts
// (withdrawals, sweeps, payouts, sender) are added by tick.ts, which the cron route must not import
// (ESLint's WORKER_ONLY pattern for app/**; server/jobs/web-tick.test.ts follows every import of the route).
import { pruneIdempotencyKeys } from "../api/idempotency/prune-idempotency-keys";
import type { Db } from "../db";
import { enabledNetworks } from "../chains/networks";
import type { ScanResult } from "../chains/scan-network";
import { expireDueInvoices } from "../invoices/expire-due-invoices";
import { runDueSchedules, type ScheduleTickReport } from "../schedules/run-due-schedules";
import { deliverDueWebhooks } from "../webhooks/deliver-due-webhooks";
import { syncNetwork } from "./sync-network";

/** What the web-safe parts of a tick did. */
export interface WebTickReport {
  networks: Record<string, { scans: ScanResult["outcome"][]; payments: number; confirmed: number; error?: string }>;
  expired: number;
  webhookAttempts: number;
  idempotencyKeysPruned: number;
  /** The "schedules" part: invoices created by due invoice schedules (absent when the part did not run). */
  schedules?: ScheduleTickReport;
}

/** Parts that need no key: the cron route runs all four (its default), the worker each in its own loop. */
export type WebTickPart = "chains" | "housekeeping" | "webhooks" | "schedules";

export const WEB_TICK_PARTS: readonly WebTickPart[] = ["chains", "housekeeping", "webhooks", "schedules"];

/**
 * The web-safe parts of one tick, in this order: scan every enabled network up to its head, bounded per call, and
 * confirm payments ("chains"); expire due invoices and prune old idempotency keys ("housekeeping"); send due
 * webhooks ("webhooks"); create the invoices of due invoice schedules ("schedules"). Each part is safe to run
 * concurrently with another tick. A failing network is logged and skipped; the others go on.
 */
export async function webTick(
  db: Db,
  opts: { owner: string; now?: () => Date; maxRangesPerNetwork?: number; parts?: readonly string[] },
): Promise<WebTickReport> {
  const now = opts.now ?? (() => new Date());
  const parts = opts.parts ?? WEB_TICK_PARTS;
  const report: WebTickReport = { networks: {}, expired: 0, webhookAttempts: 0, idempotencyKeysPruned: 0 };
  if (parts.includes("chains"))
    await chainWork(db, { owner: opts.owner, now, maxRanges: opts.maxRangesPerNetwork ?? 20 }, report);
  if (parts.includes("housekeeping")) await housekeeping(db, now, report);
  if (parts.includes("webhooks")) report.webhookAttempts = await deliverDueWebhooks(db, { now });
  if (parts.includes("schedules")) report.schedules = await runDueSchedules(db, { now: now() });
  return report;
}

async function chainWork(
  db: Db,
  opts: { owner: string; now: () => Date; maxRanges: number },
  report: WebTickReport,
): Promise<void> {
  for (const network of enabledNetworks()) {
    const { head: _head, ...sync } = await syncNetwork(db, network, {
      owner: opts.owner,
      now: opts.now,
      maxRanges: opts.maxRanges,
    });
    report.networks[network.id] = sync;
  }
}

async function housekeeping(db: Db, now: () => Date, report: WebTickReport): Promise<void> {
  report.expired = await expireDueInvoices(db, { now: now() });
  report.idempotencyKeysPruned = await pruneIdempotencyKeys(db, { now: now() });
}
