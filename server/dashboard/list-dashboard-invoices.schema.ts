import { z } from "zod";
import { listParams } from "../api/pagination";
import { invoiceStatuses } from "../invoices/invoice.schema";

/** The dashboard's invoice table query: the API's list parameters, a status, a free-text search and a date range. */
export const dashboardInvoicesQuery = listParams.extend({
  status: z.enum(invoiceStatuses).optional(),
  /** An invoice id, an order id (or its beginning), a deposit or payer address, or a transaction hash. */
  search: z.string().trim().max(200).optional(),
  /** Created at or after (inclusive) / before (exclusive). */
  createdFrom: z.date().optional(),
  createdTo: z.date().optional(),
});
export type DashboardInvoicesQuery = z.infer<typeof dashboardInvoicesQuery>;
