import { pruneIdempotencyKeys } from "../api/idempotency/prune-idempotency-keys";
import type { Db } from "../db";
import { enabledNetworks } from "../chains/networks";
import type { ScanResult } from "../chains/scan-network";
import { expireDueInvoices } from "../invoices/expire-due-invoices";
import { runDueSchedules, type ScheduleTickReport } from "../schedules/run-due-schedules";
import { deliverDueWebhooks } from "../webhooks/deliver-due-webhooks";
import { planWithdrawals, type PlanReport } from "../withdrawals/plan-withdrawals";
import { runSender, type SenderReport } from "../sender/run-sender";
import { planSweeps, type SweepPlanReport } from "../sweeps/plan-sweeps";
import { planPayouts, type PayoutPlanReport } from "../payouts/plan-payouts";
import { syncNetwork } from "./sync-network";

export interface TickReport {
  networks: Record<string, { scans: ScanResult["outcome"][]; payments: number; confirmed: number; error?: string }>;
  expired: number;
  webhookAttempts: number;
  idempotencyKeysPruned: number;
  /** The "withdrawals" part: auto-withdrawal rules activated and withdrawals created (absent when it did not run). */
  withdrawals?: PlanReport;
  /** The "schedules" part: invoices created by due invoice schedules (absent when the part did not run). */
  schedules?: ScheduleTickReport;
  /** The sender part's pass (worker only: it signs with the master seed), when it ran. */
  sender?: SenderReport;
  /** The "payouts" part (worker only: consolidates into the hot wallet): payout transactions queued for the sender. */
  payouts?: PayoutPlanReport;
  /** The "sweeps" part (worker only: it signs EIP-7702 authorizations): sweep batches queued for the sender. */
  sweeps?: SweepPlanReport;
}

export type TickPart =
  "chains" | "housekeeping" | "webhooks" | "sender" | "schedules" | "withdrawals" | "sweeps" | "payouts";

/**
 * One unit of background work, the same for the worker and the cron route: scan every enabled
 * network up to its head, bounded per call, and confirm payments
 * ("chains"); expire due invoices and prune old idempotency keys ("housekeeping"); send due webhooks
 * ("webhooks"); create the invoices of due invoice schedules ("schedules", server/schedules/); sign, send and
 * track outgoing transactions ("sender", server/sender/: worker only, since it
 * signs with the master seed). The cron route runs all but the sender, in that order. The worker runs each in its own loop
 * (the chains one per network, see runNetworkLoop) so that a slow webhook receiver or a slow network
 * never delays detecting payments elsewhere. Each part is safe to run concurrently with another
 * tick. A failing network is logged and skipped; the others go on.
 */
export async function tick(
  db: Db,
  opts: { owner: string; now?: () => Date; maxRangesPerNetwork?: number; parts?: readonly TickPart[] },
): Promise<TickReport> {
  const now = opts.now ?? (() => new Date());
  const parts = opts.parts ?? ["chains", "housekeeping", "webhooks", "schedules"];
  const report: TickReport = { networks: {}, expired: 0, webhookAttempts: 0, idempotencyKeysPruned: 0 };
  if (parts.includes("chains"))
    await chainWork(db, { owner: opts.owner, now, maxRanges: opts.maxRangesPerNetwork ?? 20 }, report);
  if (parts.includes("housekeeping")) await housekeeping(db, now, report);
  if (parts.includes("webhooks")) report.webhookAttempts = await deliverDueWebhooks(db, { now });
  // Worker only, like the sender that carries out what it plans.
  if (parts.includes("withdrawals")) report.withdrawals = await planWithdrawals(db, { now: now() });
  if (parts.includes("schedules")) report.schedules = await runDueSchedules(db, { now: now() });
  // Not in the default parts: the cron route runs in the web process, which holds no signing key.
  if (parts.includes("sweeps")) report.sweeps = await planSweeps(db, { now });
  if (parts.includes("payouts")) report.payouts = await planPayouts(db);
  if (parts.includes("sender")) report.sender = await runSender(db, { owner: opts.owner });
  return report;
}

async function chainWork(
  db: Db,
  opts: { owner: string; now: () => Date; maxRanges: number },
  report: TickReport,
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

async function housekeeping(db: Db, now: () => Date, report: TickReport): Promise<void> {
  report.expired = await expireDueInvoices(db, { now: now() });
  report.idempotencyKeysPruned = await pruneIdempotencyKeys(db, { now: now() });
}
