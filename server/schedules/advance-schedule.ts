import { inTransaction, type Db } from "../db";
import { AppError } from "../errors";
import { quoteInvoice } from "../invoices/quote-invoice";
import { createPeriodInvoice } from "./create-period-invoice";
import { noSuchSchedule } from "./get-schedule-or-throw";
import type { ScheduleResponse } from "./invoice-schedule.schema";
import { lockSchedule } from "./lock-schedule";
import { scheduleInvoiceRequest } from "./schedule-invoice-request";
import { latestDuePeriod } from "./schedule-periods";
import { cadenceOf, findSchedule, type ScheduleRecord } from "./schedule-record";
import { serializeSchedule } from "./serialize-schedule";

function checkActive(record: ScheduleRecord): void {
  if (record.status !== "active") {
    throw new AppError("schedule_not_active", `The schedule is ${record.status}: only an active one can be advanced.`);
  }
}

/**
 * Test mode only: run a schedule's next period now, as if its time had come, so an integration can see
 * renewals without waiting. A schedule already due runs as the worker would (its latest due period); one
 * that is not creates its next period's invoice early, and its following period stays due at its own date.
 * 409 `test_mode_only` in live mode, `schedule_not_active` unless active; 404 for an unknown id. The period
 * is created exactly once, under the same lock and key as the worker's runs.
 */
export async function advanceSchedule(
  db: Db,
  opts: { id: string; merchantId: string; livemode: boolean; now?: Date },
): Promise<ScheduleResponse> {
  const now = opts.now ?? new Date();
  if (opts.livemode) {
    throw new AppError("test_mode_only", "Advancing a schedule is only possible in test mode.");
  }
  const seen = await findSchedule(db, opts);
  if (!seen) throw noSuchSchedule(opts.id);
  checkActive(seen);
  const quote = await quoteInvoice(scheduleInvoiceRequest(seen, seen.nextPeriod), { livemode: seen.livemode, now });
  return inTransaction(db, async (tx) => {
    const record = await lockSchedule(tx, opts);
    if (!record) throw noSuchSchedule(opts.id);
    checkActive(record);
    const due = record.nextRunAt.getTime() <= now.getTime();
    const period = due ? latestDuePeriod(cadenceOf(record), now) : record.nextPeriod;
    const updated = await createPeriodInvoice(tx, record, {
      period,
      quote,
      now,
      skipReason: "missed",
      trigger: "advance",
    });
    return serializeSchedule(updated);
  });
}
