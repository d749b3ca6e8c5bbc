import { z } from "zod";

/** Body of `POST /api/v1/invoices/{id}/resolve`. */
export const resolveInvoiceRequest = z.strictObject({
  action: z.enum(["accept", "refund", "close"]),
  note: z.string().max(1000).optional(),
  /** For `refund`: where to send it. */
  refund_address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "refund_address must be an EVM address").optional(),
  /** For `refund` when payments arrived on several networks or assets: which one to refund. */
  refund_network: z.string().min(1).max(40).optional(),
  refund_asset: z.string().min(1).max(10).optional(),
  /** For `refund`: decimal amount in the refunded asset; default everything refundable. */
  refund_amount: z.string().regex(/^(0|[1-9]\d{0,30})(\.\d{1,18})?$/, "refund_amount must be a decimal string such as \"1.50\"").optional(),
});
export type ResolveInvoiceRequest = z.infer<typeof resolveInvoiceRequest>;
