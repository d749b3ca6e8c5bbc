import { formatDecimal, toBigInt } from "../money";
import type { ScheduleResponse } from "./invoice-schedule.schema";
import type { ScheduleRecord } from "./schedule-record";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public invoice schedule object (docs/api.md) of a loaded schedule. */
export function serializeSchedule(record: ScheduleRecord): ScheduleResponse {
  return {
    id: record.id,
    object: "invoice_schedule",
    livemode: record.livemode,
    status: record.status,
    amount: formatDecimal(toBigInt(record.amount), record.currencyDecimals, 2),
    currency: record.currency,
    interval: record.interval,
    interval_count: record.intervalCount,
    start_at: record.startAt.toISOString(),
    customer: record.customerId,
    order_id_prefix: record.orderIdPrefix,
    description: record.description,
    metadata: (record.metadata ?? {}) as Record<string, string>,
    payment_methods: record.paymentMethods as ScheduleResponse["payment_methods"],
    expires_in: record.expiresIn,
    next_run_at: record.status === "active" ? record.nextRunAt.toISOString() : null,
    invoices_created: record.invoicesCreated,
    last_invoice: record.lastInvoiceId,
    created_at: record.createdAt.toISOString(),
    paused_at: iso(record.pausedAt),
    cancelled_at: iso(record.cancelledAt),
  };
}
