import { z } from "zod";

/** Statuses and review reasons, in the words of the API (docs/api.md). */
export const invoiceStatuses = [
  "created", "pending", "partially_paid", "paid", "expired", "cancelled", "review_required", "refunded",
] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const reviewReasons = ["underpaid", "overpaid", "late_payment", "wrong_asset", "wrong_network", "reorged"] as const;
export type ReviewReason = (typeof reviewReasons)[number];

/** Statuses after which nothing changes without a merchant's action. */
export const finalStatuses: readonly InvoiceStatus[] = ["paid", "expired", "cancelled", "refunded", "review_required"];

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);
const integerString = z.string().regex(/^\d+$/);

export const paymentOptionResponse = z.object({
  network: z.string(),
  chain_id: z.number().int(),
  asset: z.string(),
  token_address: z.string().nullable(),
  decimals: z.number().int(),
  address: z.string(),
  amount: decimalString,
  amount_base_units: integerString,
  /** What is still owed, in this option's asset (the whole amount until a payment is confirmed); rounded up, never short. */
  amount_due: decimalString,
  amount_due_base_units: integerString,
  /** Fiat-priced invoices: the locked rate (fiat per whole asset unit), its source and when the source set it. */
  rate: z.string().nullable(),
  rate_source: z.string().nullable(),
  rate_at: z.string().nullable(),
  payment_uri: z.string(),
});
export type PaymentOptionResponse = z.infer<typeof paymentOptionResponse>;

export const paymentResponse = z.object({
  id: z.string(),
  network: z.string(),
  asset: z.string(),
  tx_hash: z.string(),
  log_index: z.number().int().nullable(),
  from: z.string(),
  to: z.string(),
  amount: decimalString,
  amount_base_units: integerString,
  block_number: z.number().int(),
  confirmations: z.number().int(),
  required_confirmations: z.number().int(),
  status: z.enum(["pending", "confirmed", "reorged"]),
  detected_at: z.string(),
  confirmed_at: z.string().nullable(),
});
export type PaymentResponse = z.infer<typeof paymentResponse>;

/** The invoice object of the public API, webhooks and the hosted page. */
export const invoiceResponse = z.object({
  id: z.string(),
  object: z.literal("invoice"),
  livemode: z.boolean(),
  status: z.enum(invoiceStatuses),
  amount: decimalString,
  currency: z.string(),
  order_id: z.string().nullable(),
  description: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  amount_paid: decimalString,
  amount_due: decimalString,
  amount_overpaid: decimalString,
  review_reason: z.enum(reviewReasons).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  expires_at: z.string(),
  paid_at: z.string().nullable(),
  hosted_url: z.string(),
  redirect_url: z.string().nullable(),
  payment_options: z.array(paymentOptionResponse),
  payments: z.array(paymentResponse),
});
export type InvoiceResponse = z.infer<typeof invoiceResponse>;
