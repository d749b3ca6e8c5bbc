import { inTransaction, type Db } from "../db";
import { AppError } from "../errors";
import { noSuchSchedule } from "./get-schedule-or-throw";
import type { ScheduleResponse } from "./invoice-schedule.schema";
import { lockSchedule } from "./lock-schedule";
import { recordSkippedPeriods } from "./record-skipped-periods";
import { firstPeriodFrom, periodDueAt } from "./schedule-periods";
import { cadenceOf, scheduleSelect } from "./schedule-record";
import { serializeSchedule } from "./serialize-schedule";

type Scope = { id: string; merchantId: string; livemode: boolean; now?: Date };

/**
 * Resume a paused schedule. The periods that came due while it was paused are recorded as skipped
 * (`paused`), never invoiced: billing continues with the first period due at or after now, which may be
 * due at once. 409 `schedule_not_paused` unless it is paused.
 */
export function resumeSchedule(db: Db, opts: Scope): Promise<ScheduleResponse> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const record = await lockSchedule(tx, opts);
    if (!record) throw noSuchSchedule(opts.id);
    if (record.status !== "paused") {
      throw new AppError("schedule_not_paused", `The schedule is ${record.status}: only a paused one can be resumed.`);
    }
    const cadence = cadenceOf(record);
    const next = firstPeriodFrom(cadence, now, record.nextPeriod);
    await recordSkippedPeriods(tx, record, { from: record.nextPeriod, to: next, reason: "paused", now });
    const updated = await tx.invoiceSchedule.update({
      where: { id: record.id },
      data: {
        status: "active",
        pausedAt: null,
        nextPeriod: next,
        nextRunAt: periodDueAt(cadence, next),
        failures: 0,
        retryAt: null,
      },
      select: scheduleSelect,
    });
    return serializeSchedule(updated);
  });
}
