import { z } from "zod";
import { createInvoiceRequest } from "../invoices/create-invoice.schema";
import { resolveInvoiceRequest } from "../invoices/resolve-invoice.schema";

/** What the dashboard's "New payment link" form sends: the API's create request, minus what integrations alone use. */
// Not strict (the API's is): tRPC merges it with the merchant scope of the same input object.
export const paymentLinkRequest = z.object(createInvoiceRequest.pick({ amount: true, currency: true, order_id: true, description: true, expires_in: true }).shape);
export type PaymentLinkRequest = z.infer<typeof paymentLinkRequest>;

/** The dashboard's resolution: the API's, with the note required (the person deciding says why). */
export const dashboardResolveRequest = resolveInvoiceRequest.extend({ note: z.string().trim().min(1, "Say why, for whoever reads this later").max(1000) });
export type DashboardResolveRequest = z.infer<typeof dashboardResolveRequest>;
