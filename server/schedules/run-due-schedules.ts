import type { Db } from "../db";
import { isUniqueViolation } from "../errors";
import { logger } from "../logger";
import { recordScheduleFailure } from "./record-schedule-failure";
import { runDueSchedule } from "./run-due-schedule";

/** What one pass over the due schedules did. */
export interface ScheduleTickReport {
  /** Invoices created. */
  created: number;
  /** Periods recorded as missed (the worker was down while they were due). */
  missed: number;
  /** Schedules that failed and will be retried later. */
  failed: number;
}

/**
 * The worker's "schedules" tick: run every schedule due at `now` (at most `limit`, earliest first), each
 * in its own transaction (runDueSchedule), so that one failing schedule delays no other. Safe to run in
 * several workers at once: each period's invoice is created exactly once.
 */
export async function runDueSchedules(db: Db, opts: { now: Date; limit?: number }): Promise<ScheduleTickReport> {
  const report: ScheduleTickReport = { created: 0, missed: 0, failed: 0 };
  const due = await db.invoiceSchedule.findMany({
    where: {
      status: "active",
      nextRunAt: { lte: opts.now },
      OR: [{ retryAt: null }, { retryAt: { lte: opts.now } }],
    },
    orderBy: [{ nextRunAt: "asc" }, { id: "asc" }],
    take: opts.limit ?? 100,
    select: { id: true },
  });
  for (const { id } of due) {
    try {
      const result = await runDueSchedule(db, { id, now: opts.now });
      if (result.outcome === "created") {
        report.created += 1;
        report.missed += result.skipped;
      }
    } catch (error) {
      // A period another transaction created first (the primary key said so): nothing to do.
      if (isUniqueViolation(error)) continue;
      report.failed += 1;
      logger().warn({ err: error, schedule: id }, "invoice schedule run failed; retried later");
      await recordScheduleFailure(db, { id, error, now: opts.now });
    }
  }
  return report;
}
