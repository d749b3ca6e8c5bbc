import { z } from "zod";
import { listParams } from "../db/pagination";
import { invoiceStatuses, reviewReasons } from "./invoice.schema";

const timestamp = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 timestamp such as "2026-01-31T00:00:00Z"` })
    .transform((v) => new Date(v));

/** Query of `GET /api/v1/invoices` (docs/api.md): list parameters and filters; unknown parameters are refused. */
export const listInvoicesQuery = z.strictObject({
  ...listParams.shape,
  status: z
    .enum(invoiceStatuses, { error: `status must be one of ${invoiceStatuses.join(", ")}` })
    .optional()
    .meta({ description: "Only invoices in this status." }),
  order_id: z.string().min(1).max(200).optional().meta({ description: "Only invoices with this order reference." }),
  created_gte: timestamp("created_gte")
    .optional()
    .meta({ description: "Only invoices created at or after this time (ISO 8601)." }),
  created_lt: timestamp("created_lt")
    .optional()
    .meta({ description: "Only invoices created before this time (ISO 8601)." }),
});
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuery>;

/** Query of `GET /api/v1/invoices/{id}/events`: list parameters only. */
export const listInvoiceEventsQuery = z.strictObject(listParams.shape);
export type ListInvoiceEventsQuery = z.infer<typeof listInvoiceEventsQuery>;

/** The dashboard's invoice table query: the API's list parameters, a status, a free-text search and a date range. */
export const invoiceTableQuery = listParams.extend({
  status: z.enum(invoiceStatuses).optional(),
  /** An invoice id, an order id (or its beginning), a deposit or payer address, or a transaction hash. */
  search: z.string().trim().max(200).optional(),
  /** Created at or after (inclusive) / before (exclusive). */
  createdFrom: z.date().optional(),
  createdTo: z.date().optional(),
});
export type InvoiceTableQuery = z.infer<typeof invoiceTableQuery>;

/** A row of the dashboard's invoice table: what a person scans, not the whole invoice object. */
export const invoiceRow = z.object({
  id: z.string(),
  status: z.enum(invoiceStatuses),
  reviewReason: z.enum(reviewReasons).nullable(),
  amount: z.string(),
  amountPaid: z.string(),
  currency: z.string(),
  orderId: z.string().nullable(),
  description: z.string().nullable(),
  address: z.string().nullable(),
  createdAt: z.date(),
  expiresAt: z.date(),
});
export type InvoiceRow = z.infer<typeof invoiceRow>;
