import { z } from "zod";
import { invoiceSplitResponse } from "../participants/participant.schema";

/** Statuses and review reasons, in the words of the API (docs/api.md). */
export const invoiceStatuses = [
  "created",
  "pending",
  "partially_paid",
  "paid",
  "expired",
  "cancelled",
  "review_required",
  "refunded",
] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const reviewReasons = [
  "underpaid",
  "overpaid",
  "late_payment",
  "wrong_asset",
  "wrong_network",
  "reorged",
] as const;
export type ReviewReason = (typeof reviewReasons)[number];

/** Statuses after which nothing changes without a merchant's action. */
export const finalStatuses: readonly InvoiceStatus[] = ["paid", "expired", "cancelled", "refunded", "review_required"];

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);
const integerString = z.string().regex(/^\d+$/);

export const paymentOptionResponse = z.object({
  network: z.string().meta({ description: "The network's id (see `GET /api/v1/networks`)." }),
  chain_id: z.number().int(),
  asset: z.string().meta({ description: 'The asset\'s symbol, such as "USDC".' }),
  token_address: z.string().nullable().meta({ description: "The ERC-20 contract; null for the native coin." }),
  decimals: z.number().int().meta({ description: "Decimal places of the asset's base unit." }),
  address: z.string().meta({ description: "The deposit address, this invoice's alone." }),
  amount: decimalString.meta({ description: "The invoice's amount in this asset." }),
  amount_base_units: integerString.meta({ description: "`amount` in the asset's base units (integer string)." }),
  amount_due: decimalString.meta({
    description:
      "What is still owed, in this option's asset (the whole amount until a payment is confirmed); rounded up, never short.",
  }),
  amount_due_base_units: integerString.meta({
    description: "`amount_due` in the asset's base units (integer string).",
  }),
  rate: z
    .string()
    .nullable()
    .meta({ description: "Fiat-priced invoices: the locked rate, fiat per whole asset unit; null otherwise." }),
  rate_source: z.string().nullable().meta({ description: "Fiat-priced invoices: where the rate came from." }),
  rate_at: z.string().nullable().meta({ description: "Fiat-priced invoices: when the source set the rate." }),
  payment_uri: z
    .string()
    .meta({ description: "An EIP-681 URI asking a wallet to pay `amount_base_units` to `address`." }),
});
export type PaymentOptionResponse = z.infer<typeof paymentOptionResponse>;

export const paymentResponse = z.object({
  id: z.string(),
  network: z.string(),
  asset: z.string(),
  tx_hash: z.string(),
  log_index: z
    .number()
    .int()
    .nullable()
    .meta({ description: "The transfer's log index; null for a native-coin transfer." }),
  from: z.string(),
  to: z.string(),
  amount: decimalString,
  amount_base_units: integerString,
  block_number: z.number().int(),
  confirmations: z.number().int(),
  required_confirmations: z.number().int(),
  status: z
    .enum(["pending", "confirmed", "reorged"])
    .meta({ description: "`pending` until it has `required_confirmations`; `reorged` if its block left the chain." }),
  detected_at: z.string(),
  confirmed_at: z.string().nullable(),
});
export type PaymentResponse = z.infer<typeof paymentResponse>;

/** The invoice object of the public API, webhooks and the hosted page. */
export const invoiceResponse = z.object({
  id: z.string(),
  object: z.literal("invoice"),
  livemode: z.boolean().meta({ description: "`true` for a live-mode invoice (mainnets), `false` in test mode." }),
  status: z.enum(invoiceStatuses),
  amount: decimalString.meta({ description: "The amount asked, in the unit of `currency`." }),
  currency: z.string().meta({ description: '"USD", "EUR" or an asset symbol.' }),
  order_id: z.string().nullable(),
  description: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  amount_paid: decimalString.meta({ description: "Confirmed payments, in the unit of `currency`." }),
  amount_due: decimalString.meta({ description: "What is still owed, in the unit of `currency`." }),
  amount_overpaid: decimalString.meta({ description: "What was paid beyond `amount`, in the unit of `currency`." }),
  amount_refunded: decimalString.meta({
    description:
      "Confirmed refunds, in the unit of `currency` (converted like `amount_paid`, at the refunded option's locked amount).",
  }),
  review_reason: z
    .enum(reviewReasons)
    .nullable()
    .meta({ description: "Why the invoice is in `review_required`; null otherwise." }),
  created_at: z.string(),
  updated_at: z.string(),
  expires_at: z.string(),
  paid_at: z.string().nullable(),
  hosted_url: z.string().meta({ description: "The hosted payment page to send the customer to." }),
  redirect_url: z.string().nullable(),
  schedule: z
    .string()
    .nullable()
    .meta({ description: "The invoice schedule (`sch_...`) that created it; null for an invoice created directly." }),
  payment_options: z
    .array(paymentOptionResponse)
    .meta({ description: "One per network and asset the customer may pay with." }),
  payments: z.array(paymentResponse).meta({ description: "Transfers received at the invoice's addresses." }),
  refunds: z.array(z.string()).meta({ description: "Its refunds (`re_...`), oldest first, whatever their status." }),
  splits: z.array(invoiceSplitResponse).meta({
    description: "Participants' shares of what it receives, moved to them when it is paid; empty without splits.",
  }),
});
export type InvoiceResponse = z.infer<typeof invoiceResponse>;
