import { z } from "zod";
import { listParams } from "../db/pagination";
import { createInvoiceRequest } from "../invoices/create-invoice.schema";

export const scheduleStatuses = ["active", "paused", "cancelled"] as const;
export type ScheduleStatus = (typeof scheduleStatuses)[number];
export const scheduleIntervals = ["day", "week", "month", "year"] as const;

/** Longest order id prefix: the run number after it keeps the order id within an invoice's 200 characters. */
export const MAX_ORDER_ID_PREFIX = 180;

const invoiceFields = createInvoiceRequest.shape;

/** Body of `POST /api/v1/invoice_schedules` (docs/api.md). The invoice fields are those of `POST /api/v1/invoices`. */
export const createScheduleRequest = z.strictObject({
  amount: invoiceFields.amount.meta({ description: 'Each invoice\'s amount, a decimal string such as "25.00".' }),
  currency: invoiceFields.currency,
  interval: z
    .enum(scheduleIntervals, {
      error: (issue) =>
        issue.input === undefined ? "interval is required" : 'interval must be "day", "week", "month" or "year"',
    })
    .meta({ description: "The unit of the period between two invoices." }),
  interval_count: z
    .number({ error: "interval_count must be a whole number from 1 to 365" })
    .int("interval_count must be a whole number from 1 to 365")
    .min(1, "interval_count must be at least 1")
    .max(365, "interval_count must be at most 365")
    .optional()
    .meta({ description: "Intervals per period, 1-365 (default 1): `month` with 3 is quarterly." }),
  start_at: z.iso
    .datetime({ offset: true, error: "start_at must be an ISO 8601 time such as 2026-12-01T00:00:00Z" })
    .optional()
    .meta({
      description:
        "When the first invoice is due (ISO 8601); the anchor of every later one. Default: now. " +
        "At most a day in the past and five years ahead. Months keep its day, clamped to shorter months.",
      example: "2026-12-01T00:00:00Z",
    }),
  customer: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({
      description:
        "A customer (`cus_...`) of yours in this mode (404 otherwise): the schedule bills it, and each invoice's " +
        "`customer_email` is the customer's email when it has one.",
    }),
  order_id_prefix: z.string().min(1).max(MAX_ORDER_ID_PREFIX).optional().meta({
    description: "Each invoice's `order_id` is this prefix followed by its period number (`plan-7-` → `plan-7-1`).",
    example: "plan-7-",
  }),
  description: invoiceFields.description,
  metadata: invoiceFields.metadata,
  payment_methods: invoiceFields.payment_methods,
  expires_in: invoiceFields.expires_in,
});
export type CreateScheduleRequest = z.infer<typeof createScheduleRequest>;

/** Query of `GET /api/v1/invoice_schedules`. */
export const listSchedulesQuery = listParams.extend({
  status: z.enum(scheduleStatuses).optional().meta({ description: "Only schedules in this status." }),
});
export type ListSchedulesQuery = z.infer<typeof listSchedulesQuery>;

/** The invoice schedule object of the public API. */
export const scheduleResponse = z
  .object({
    id: z.string().meta({ description: "`sch_...`" }),
    object: z.literal("invoice_schedule"),
    livemode: z.boolean(),
    status: z.enum(scheduleStatuses).meta({
      description:
        "`active` creates an invoice each period; `paused` skips periods until resumed; `cancelled` is final.",
    }),
    amount: z.string().meta({ description: "Each invoice's amount, in the unit of `currency`." }),
    currency: z.string(),
    interval: z.enum(scheduleIntervals),
    interval_count: z.number().int(),
    start_at: z.string().meta({ description: "When period 1 was due: the anchor of every period." }),
    customer: z.string().nullable().meta({ description: "The customer (`cus_...`) the schedule bills, if any." }),
    order_id_prefix: z.string().nullable(),
    description: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    payment_methods: z
      .array(z.object({ network: z.string(), asset: z.string() }))
      .nullable()
      .meta({ description: "As given; null for every network and asset enabled at each run." }),
    expires_in: z.number().int().nullable(),
    next_run_at: z
      .string()
      .nullable()
      .meta({ description: "When the next invoice is due while `active`; null when paused or cancelled." }),
    invoices_created: z.number().int().meta({ description: "How many invoices this schedule has created." }),
    last_invoice: z.string().nullable().meta({ description: "The id of the last invoice it created, or null." }),
    created_at: z.string(),
    paused_at: z.string().nullable(),
    cancelled_at: z.string().nullable(),
  })
  .meta({ description: "A plan renewal: an ordinary invoice created once per period." });
export type ScheduleResponse = z.infer<typeof scheduleResponse>;
