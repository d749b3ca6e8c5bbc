import { z } from "zod";
import { createInvoiceRequest } from "./create-invoice.schema";
import { resolveInvoiceRequest } from "./resolve-invoice.schema";

/** What the dashboard's "New payment link" form sends: the API's create request, minus what integrations alone use. */
// Not strict (the API's is): tRPC merges it with the merchant scope of the same input object.
export const paymentLinkRequest = z.object(
  createInvoiceRequest.pick({ amount: true, currency: true, order_id: true, description: true, expires_in: true })
    .shape,
);
export type PaymentLinkRequest = z.infer<typeof paymentLinkRequest>;

/** The dashboard's resolution: the API's, with the note required (the person deciding says why). */
export const dashboardResolveRequest = resolveInvoiceRequest.extend({
  note: z.string().trim().min(1, "Say why, for whoever reads this later").max(1000),
});
export type DashboardResolveRequest = z.infer<typeof dashboardResolveRequest>;

/** What resolving an invoice needs on screen: what can be refunded, and the decisions already taken. */
export const reviewContext = z.object({
  refundable: z.array(
    z.object({
      network: z.string(),
      asset: z.string(),
      amount: z.string(),
      decimals: z.number().int(),
      payerAddress: z.string().nullable(),
    }),
  ),
  resolutions: z.array(
    z.object({
      id: z.string(),
      action: z.enum(["accept", "refund", "close"]),
      note: z.string().nullable(),
      refundAddress: z.string().nullable(),
      refundNetwork: z.string().nullable(),
      refundAsset: z.string().nullable(),
      refundAmount: z.string().nullable(),
      actor: z.string(),
      createdAt: z.date(),
    }),
  ),
});
export type ReviewContext = z.infer<typeof reviewContext>;

/** A webhook delivery of one of an invoice's events, with its last attempt. */
export const invoiceDeliveryRow = z.object({
  id: z.string(),
  createdAt: z.date(),
  status: z.enum(["pending", "succeeded", "failed"]),
  attemptCount: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  event: z.object({ id: z.string(), type: z.string() }),
  endpoint: z.object({ id: z.string(), url: z.string() }),
  lastAttempt: z
    .object({ attemptedAt: z.date(), statusCode: z.number().int().nullable(), error: z.string().nullable() })
    .nullable(),
});
export type InvoiceDeliveryRow = z.infer<typeof invoiceDeliveryRow>;
