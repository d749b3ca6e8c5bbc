import { z } from "zod";

/** Body of `POST /api/v1/invoices` (docs/api.md). Unknown fields are refused, as Stripe does. */
export const createInvoiceRequest = z.strictObject({
  amount: z.string({ error: "amount must be a decimal string such as \"25.00\"" })
    .regex(/^(0|[1-9]\d{0,30})(\.\d{1,18})?$/, "amount must be a positive decimal string such as \"25.00\""),
  currency: z.string({ error: "currency is required" }).regex(/^[A-Za-z]{2,10}$/, "currency must be \"USD\", \"EUR\" or an asset symbol such as \"USDC\""),
  order_id: z.string().min(1).max(200).optional(),
  description: z.string().max(500).optional(),
  metadata: z.record(z.string().min(1).max(40), z.string().max(500))
    .refine((m) => Object.keys(m).length <= 20, "metadata may hold at most 20 keys")
    .optional(),
  payment_methods: z.array(z.strictObject({ network: z.string().min(1).max(40), asset: z.string().min(1).max(10) }))
    .min(1).max(50).optional(),
  expires_in: z.number().int().min(60).max(604_800).optional(),
  redirect_url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  customer_email: z.email().max(320).optional(),
});
export type CreateInvoiceRequest = z.infer<typeof createInvoiceRequest>;
