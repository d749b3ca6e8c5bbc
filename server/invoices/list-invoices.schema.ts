import { z } from "zod";
import { listParams } from "../api/pagination";
import { invoiceStatuses } from "./invoice.schema";

const timestamp = (name: string) =>
  z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 timestamp such as "2026-01-31T00:00:00Z"` }).transform((v) => new Date(v));

/** Query of `GET /api/v1/invoices` (docs/api.md): list parameters and filters; unknown parameters are refused. */
export const listInvoicesQuery = z.strictObject({
  ...listParams.shape,
  status: z.enum(invoiceStatuses, { error: `status must be one of ${invoiceStatuses.join(", ")}` }).optional()
    .meta({ description: "Only invoices in this status." }),
  order_id: z.string().min(1).max(200).optional().meta({ description: "Only invoices with this order reference." }),
  created_gte: timestamp("created_gte").optional().meta({ description: "Only invoices created at or after this time (ISO 8601)." }),
  created_lt: timestamp("created_lt").optional().meta({ description: "Only invoices created before this time (ISO 8601)." }),
});
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuery>;

/** Query of `GET /api/v1/invoices/{id}/events`: list parameters only. */
export const listInvoiceEventsQuery = z.strictObject(listParams.shape);
export type ListInvoiceEventsQuery = z.infer<typeof listInvoiceEventsQuery>;
