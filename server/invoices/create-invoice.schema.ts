import { z } from "zod";
import { invoiceSplitsRequest } from "../participants/participant.schema";

/** Body of `POST /api/v1/invoices` (docs/api.md). Unknown fields are refused, as Stripe does. */
export const createInvoiceRequest = z.strictObject({
  amount: z
    .string({ error: 'amount must be a decimal string such as "25.00"' })
    .regex(/^(0|[1-9]\d{0,30})(\.\d{1,18})?$/, 'amount must be a positive decimal string such as "25.00"')
    .meta({
      description: 'Decimal string in the unit of `currency`, such as "25.00". Never a JSON number.',
      example: "25.00",
    }),
  currency: z
    .string({ error: "currency is required" })
    .regex(/^[A-Za-z]{2,10}$/, 'currency must be "USD", "EUR" or an asset symbol such as "USDC"')
    .meta({ description: '"USD", "EUR" or an asset symbol such as "USDC" or "ETH".', example: "USDC" }),
  order_id: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "Your order reference; invoices can be listed by it.", example: "order_1234" }),
  description: z.string().max(500).optional().meta({ description: "Text shown on the hosted payment page." }),
  metadata: z
    .record(z.string().min(1).max(40), z.string().max(500))
    .refine((m) => Object.keys(m).length <= 20, "metadata may hold at most 20 keys")
    .optional()
    .meta({ description: "Your own key-value strings, up to 20 keys." }),
  payment_methods: z
    .array(z.strictObject({ network: z.string().min(1).max(40), asset: z.string().min(1).max(10) }))
    .min(1)
    .max(50)
    .optional()
    .meta({ description: "The networks and assets the customer may pay with. Default: every one you enabled." }),
  expires_in: z
    .number()
    .int()
    .min(60)
    .max(604_800)
    .optional()
    .meta({ description: "Seconds until the invoice expires, 60-604800. Default from settings (3600)." }),
  redirect_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .meta({ description: "Where the hosted page sends the customer once paid." }),
  customer_email: z.email().max(320).optional().meta({ description: "The customer's email address." }),
  splits: invoiceSplitsRequest.optional(),
});
export type CreateInvoiceRequest = z.infer<typeof createInvoiceRequest>;
