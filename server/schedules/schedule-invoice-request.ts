import type { CreateInvoiceRequest } from "../invoices/create-invoice.schema";
import { formatDecimal, toBigInt } from "../money";
import type { ScheduleRecord } from "./schedule-record";

/**
 * The `POST /api/v1/invoices` body of a schedule's invoice for `period`: the schedule's template, and
 * `order_id` = its prefix followed by the period number (none without a prefix), and the schedule's customer's email
 * as `customer_email` (invoices carry the schedule, and the schedule its customer).
 */
export function scheduleInvoiceRequest(record: ScheduleRecord, period: number): CreateInvoiceRequest {
  return {
    amount: formatDecimal(toBigInt(record.amount), record.currencyDecimals),
    currency: record.currency,
    ...(record.orderIdPrefix !== null ? { order_id: `${record.orderIdPrefix}${period}` } : {}),
    ...(record.description !== null ? { description: record.description } : {}),
    metadata: (record.metadata ?? {}) as Record<string, string>,
    ...(record.paymentMethods !== null
      ? { payment_methods: record.paymentMethods as NonNullable<CreateInvoiceRequest["payment_methods"]> }
      : {}),
    ...(record.expiresIn !== null ? { expires_in: record.expiresIn } : {}),
    ...(record.customer?.email ? { customer_email: record.customer.email } : {}),
  };
}
