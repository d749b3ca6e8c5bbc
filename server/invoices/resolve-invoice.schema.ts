import { z } from "zod";

/** Body of `POST /api/v1/invoices/{id}/resolve`. */
export const resolveInvoiceRequest = z.strictObject({
  action: z
    .enum(["accept", "refund", "close"])
    .meta({ description: "`accept` the payment as is, `refund` it, or `close` the invoice." }),
  note: z.string().max(1000).optional().meta({ description: "Why; kept in the invoice's history." }),
  refund_address: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, "refund_address must be an EVM address")
    .optional()
    .meta({
      description:
        "For `refund`: the EVM address to send it to. Without it the refund waits in `awaiting_address` for the " +
        "customer to confirm one on its claim page (`POST /api/v1/refunds/{id}/claim_link` gives the link).",
    }),
  refund_network: z.string().min(1).max(40).optional().meta({
    description: "For `refund` when payments arrived on several networks or assets: which network to refund.",
  }),
  refund_asset: z
    .string()
    .min(1)
    .max(10)
    .optional()
    .meta({ description: "For `refund` when payments arrived on several networks or assets: which asset to refund." }),
  refund_amount: z
    .string()
    .regex(/^(0|[1-9]\d{0,30})(\.\d{1,18})?$/, 'refund_amount must be a decimal string such as "1.50"')
    .optional()
    .meta({ description: "For `refund`: decimal amount in the refunded asset. Default: everything refundable." }),
});
export type ResolveInvoiceRequest = z.infer<typeof resolveInvoiceRequest>;
