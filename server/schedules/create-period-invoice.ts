import type { Tx } from "../db";
import { createInvoice } from "../invoices/create-invoice";
import type { InvoiceQuote } from "../invoices/quote-invoice";
import { recordSkippedPeriods, type SkipReason } from "./record-skipped-periods";
import { scheduleInvoiceRequest } from "./schedule-invoice-request";
import { periodDueAt } from "./schedule-periods";
import { cadenceOf, scheduleSelect, type ScheduleRecord } from "./schedule-record";

/**
 * Create the invoice of period `period` of a locked schedule (lockSchedule), in the caller's transaction:
 * the periods between the schedule's next one and `period` are recorded as skipped (`skipReason`), the
 * invoice is created by the ordinary invoice code (its `invoice.created` event and deliveries included)
 * carrying `schedule` and `order_id` = prefix + period, its run row is written, and the schedule moves on
 * to `period + 1`. The run rows' primary key (schedule, period) refuses a second invoice for any period,
 * whoever tries: the transaction then fails whole and nothing is left of it.
 */
export async function createPeriodInvoice(
  tx: Tx,
  record: ScheduleRecord,
  opts: { period: number; quote: InvoiceQuote; now: Date; skipReason: SkipReason; trigger: "worker" | "advance" },
): Promise<ScheduleRecord> {
  const { period, now } = opts;
  if (period < record.nextPeriod) throw new RangeError(`period ${period} of ${record.id} is already past`);
  await recordSkippedPeriods(tx, record, { from: record.nextPeriod, to: period, reason: opts.skipReason, now });
  const cadence = cadenceOf(record);
  const { id: invoiceId } = await createInvoice(tx, {
    merchantId: record.merchantId,
    livemode: record.livemode,
    request: scheduleInvoiceRequest(record, period),
    quote: opts.quote,
    now,
    scheduleId: record.id,
    cause: { source: "schedule", schedule: record.id, period, trigger: opts.trigger },
  });
  await tx.invoiceScheduleRun.create({
    data: {
      scheduleId: record.id,
      period,
      status: "created",
      dueAt: periodDueAt(cadence, period),
      invoiceId,
      createdAt: now,
    },
  });
  return tx.invoiceSchedule.update({
    where: { id: record.id },
    data: {
      nextPeriod: period + 1,
      nextRunAt: periodDueAt(cadence, period + 1),
      invoicesCreated: { increment: 1 },
      lastInvoiceId: invoiceId,
      failures: 0,
      retryAt: null,
      lastError: null,
    },
    select: scheduleSelect,
  });
}
