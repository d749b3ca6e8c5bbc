import { z } from "zod";
import { refundResponse } from "./refund.schema";

/** A refund on the dashboard's invoice page: the API object and its payout's transaction. */
export const invoiceRefund = refundResponse.extend({ tx_hash: z.string().nullable() });
export type InvoiceRefund = z.infer<typeof invoiceRefund>;

/** The dashboard's "Refund" form: what POST /api/v1/refunds takes, once per form key. */
export const dashboardCreateRefund = z.object({
  invoice: z.string().min(1).max(100),
  amount: z
    .string()
    .regex(/^(0|[1-9]\d{0,30})(\.\d{1,18})?$/, 'amount must be a decimal string such as "25.00"')
    .optional(),
  network: z.string().min(1).max(40).optional(),
  asset: z.string().min(1).max(10).optional(),
  address: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, "address must be a 0x-prefixed EVM address of 40 hex digits")
    .optional(),
  reason: z.string().min(1).max(500).optional(),
  idempotencyKey: z.string().min(8).max(255),
});
