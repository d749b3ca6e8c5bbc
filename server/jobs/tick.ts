import type { Db } from "../db";
import { planWithdrawals, type PlanReport } from "../withdrawals/plan-withdrawals";
import { runSender, type SenderReport } from "../sender/run-sender";
import { planSweeps, type SweepPlanReport } from "../sweeps/plan-sweeps";
import { planPayouts, type PayoutPlanReport } from "../payouts/plan-payouts";
import { webTick, WEB_TICK_PARTS, type WebTickPart, type WebTickReport } from "./web-tick";

export interface TickReport extends WebTickReport {
  /** The "withdrawals" part: auto-withdrawal rules activated and withdrawals created (absent when it did not run). */
  withdrawals?: PlanReport;
  /** The sender part's pass (worker only: it signs with the master seed), when it ran. */
  sender?: SenderReport;
  /** The "payouts" part (worker only: consolidates into the hot wallet): payout transactions queued for the sender. */
  payouts?: PayoutPlanReport;
  /** The "sweeps" part (worker only: it signs EIP-7702 authorizations): sweep batches queued for the sender. */
  sweeps?: SweepPlanReport;
}

export type TickPart = WebTickPart | "sender" | "withdrawals" | "sweeps" | "payouts";

/**
 * One unit of background work for the worker (and tests): the web-safe parts of webTick (chains, housekeeping,
 * webhooks, schedules: the default, what the cron route runs through webTick itself), then the worker's own, which
 * reach the signing keys: plan auto-withdrawals ("withdrawals"), plan sweeps ("sweeps"), plan payouts ("payouts"),
 * sign, send and track outgoing transactions ("sender", server/sender/). The worker runs each part in its own loop
 * (the chains one per network, see runNetworkLoop) so that a slow webhook receiver or a slow network never delays
 * detecting payments elsewhere. Each part is safe to run concurrently with another tick.
 * Never import this module from the web process (app/**): the cron route imports web-tick.ts.
 */
export async function tick(
  db: Db,
  opts: { owner: string; now?: () => Date; maxRangesPerNetwork?: number; parts?: readonly TickPart[] },
): Promise<TickReport> {
  const now = opts.now ?? (() => new Date());
  const parts = opts.parts ?? WEB_TICK_PARTS;
  const report: TickReport = await webTick(db, {
    owner: opts.owner,
    now,
    maxRangesPerNetwork: opts.maxRangesPerNetwork,
    parts,
  });
  // Worker only, like the sender that carries out what it plans.
  if (parts.includes("withdrawals")) report.withdrawals = await planWithdrawals(db, { now: now() });
  if (parts.includes("sweeps")) report.sweeps = await planSweeps(db, { now });
  if (parts.includes("payouts")) report.payouts = await planPayouts(db);
  if (parts.includes("sender")) report.sender = await runSender(db, { owner: opts.owner });
  return report;
}
