import { inTransaction, type Db } from "../db";
import { quoteInvoice } from "../invoices/quote-invoice";
import { createPeriodInvoice } from "./create-period-invoice";
import { lockSchedule } from "./lock-schedule";
import { scheduleInvoiceRequest } from "./schedule-invoice-request";
import { latestDuePeriod } from "./schedule-periods";
import { cadenceOf, scheduleSelect, type ScheduleRecord } from "./schedule-record";

/** What running one due schedule did. */
export type DueRunOutcome =
  | { outcome: "created"; period: number; skipped: number }
  /** Not due (any more): another worker ran it, or it was paused, cancelled or advanced meanwhile. */
  | { outcome: "not_due" }
  /** Another transaction holds the schedule (a worker running it, a pause): left to it. */
  | { outcome: "busy" };

const isDue = (r: ScheduleRecord, now: Date) =>
  r.status === "active" && r.nextRunAt.getTime() <= now.getTime() && (r.retryAt === null || r.retryAt <= now);

/**
 * Run a schedule if it is due at `now`: create the invoice of its latest due period, once. After downtime
 * only that latest period gets an invoice; the ones before it are recorded as `missed`. The quote (a
 * fiat-priced invoice's rates) is made before the transaction, so no price feed is awaited under the lock;
 * then, in one transaction, the schedule is locked without waiting (SKIP LOCKED), checked again, and its
 * period's invoice and run row written (createPeriodInvoice). Two workers at once: one runs it, the other
 * finds it locked or no longer due. A crash before the commit leaves nothing, and the period is run again.
 * Errors (a rate or network unavailable) are thrown for the caller to record (recordScheduleFailure).
 */
export async function runDueSchedule(db: Db, opts: { id: string; now: Date }): Promise<DueRunOutcome> {
  const { now } = opts;
  const seen = await db.invoiceSchedule.findUnique({ where: { id: opts.id }, select: scheduleSelect });
  if (!seen || !isDue(seen, now)) return { outcome: "not_due" };
  const quote = await quoteInvoice(scheduleInvoiceRequest(seen, seen.nextPeriod), { livemode: seen.livemode, now });
  return inTransaction(db, async (tx) => {
    const record = await lockSchedule(tx, { id: opts.id, skipLocked: true });
    if (!record) return { outcome: "busy" } as const;
    if (!isDue(record, now)) return { outcome: "not_due" } as const;
    const period = latestDuePeriod(cadenceOf(record), now);
    await createPeriodInvoice(tx, record, { period, quote, now, skipReason: "missed", trigger: "worker" });
    return { outcome: "created", period, skipped: period - record.nextPeriod } as const;
  });
}
