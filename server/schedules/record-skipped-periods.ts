import type { Tx } from "../db";
import { periodDueAt } from "./schedule-periods";
import { cadenceOf, type ScheduleRecord } from "./schedule-record";

/** Why a period passed without an invoice: the worker did not run it in time, or the schedule was paused. */
export type SkipReason = "missed" | "paused";

/**
 * Record periods `from` to `to - 1` of a schedule as skipped (none when `to <= from`), one row each, so that
 * every period has exactly one row and none of them can later get an invoice (the primary key refuses it).
 * Runs under the schedule's lock (lockSchedule).
 */
export async function recordSkippedPeriods(
  tx: Tx,
  record: ScheduleRecord,
  opts: { from: number; to: number; reason: SkipReason; now: Date },
): Promise<number> {
  if (opts.to <= opts.from) return 0;
  const cadence = cadenceOf(record);
  const data = Array.from({ length: opts.to - opts.from }, (_, i) => ({
    scheduleId: record.id,
    period: opts.from + i,
    status: "skipped" as const,
    skipReason: opts.reason,
    dueAt: periodDueAt(cadence, opts.from + i),
    createdAt: opts.now,
  }));
  const { count } = await tx.invoiceScheduleRun.createMany({ data });
  return count;
}
