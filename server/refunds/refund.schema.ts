import { z } from "zod";
import { listParams } from "../db/pagination";

/** Statuses of a refund: `awaiting_address` until it has one, then its payout's status (docs/api.md "Refunds"). */
export const refundStatuses = [
  "awaiting_address",
  "pending_approval",
  "queued",
  "submitted",
  "confirmed",
  "failed",
  "cancelled",
] as const;
export type RefundStatus = (typeof refundStatuses)[number];

const decimal = (name: string) =>
  z
    .string({ error: `${name} must be a decimal string such as "25.00"` })
    .regex(/^(0|[1-9]\d{0,30})(\.\d{1,18})?$/, `${name} must be a positive decimal string such as "25.00"`);

const address = z
  .string({ error: "address must be a 0x-prefixed EVM address" })
  .regex(/^0x[0-9a-fA-F]{40}$/, "address must be a 0x-prefixed EVM address of 40 hex digits");

/** Body of `POST /api/v1/refunds`. */
export const createRefundRequest = z.strictObject({
  invoice: z
    .string({ error: "invoice is required" })
    .min(1)
    .max(100)
    .meta({ description: "The invoice (`inv_...`) whose payment is refunded.", example: "inv_9fQ2XxY1" }),
  amount: decimal("amount")
    .optional()
    .meta({
      description:
        "Decimal string in the unit of `asset`. Default: everything refundable (confirmed received on that network and " +
        "asset less earlier refunds that are not cancelled or failed). More is a 422 `refund_exceeds_received`.",
      example: "10.00",
    }),
  network: z.string().min(1).max(40).optional().meta({
    description: "The network the invoice was paid on. Optional when its confirmed payments came on one network only.",
    example: "devnet",
  }),
  asset: z.string().min(1).max(10).optional().meta({
    description: "The asset the invoice was paid in. Optional when its confirmed payments came in one asset only.",
    example: "USDC",
  }),
  address: address.optional().meta({
    description:
      "Where to send it. Without it the refund waits in `awaiting_address` and `claim_url` is a page where the customer " +
      "enters and confirms an address. Never the payer's `from` address by default: it is often an exchange's.",
    example: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  }),
  reason: z.string().min(1).max(500).optional().meta({ description: "Your own note about why." }),
});
export type CreateRefundRequest = z.infer<typeof createRefundRequest>;

/** Query of `GET /api/v1/refunds`. */
export const listRefundsQuery = z.strictObject({
  ...listParams.shape,
  invoice: z.string().min(1).max(100).optional().meta({ description: "Only the refunds of this invoice (`inv_...`)." }),
});
export type ListRefundsQuery = z.infer<typeof listRefundsQuery>;

const ts = z.string().meta({ description: "ISO 8601 UTC." });

/** The public `refund` object. */
export const refundResponse = z
  .object({
    id: z.string().meta({ description: "`re_...`" }),
    object: z.literal("refund"),
    livemode: z.boolean(),
    invoice: z.string().meta({ description: "The refunded invoice (`inv_...`)." }),
    status: z.enum(refundStatuses).meta({
      description:
        "`awaiting_address` until the customer claims it (or you give the address), then its payout's status: " +
        "`pending_approval`, `queued`, `submitted`, `confirmed`, `failed`, `cancelled`.",
    }),
    amount: z.string().meta({ description: "Decimal string in the unit of `asset`." }),
    amount_base_units: z.string().meta({ description: "The amount in base units, an integer string." }),
    network: z.string(),
    asset: z.string(),
    address: z.string().nullable().meta({ description: "Destination, EIP-55 checksummed; null while awaiting it." }),
    reason: z.string().nullable(),
    claim_url: z
      .string()
      .nullable()
      .meta({
        description:
          "The customer's claim page, single use, valid 30 days. Only its hash is stored, so the link is shown once: in " +
          "the response that creates the refund (and its idempotent replays). Null in every other read.",
      }),
    claim_expires_at: ts.nullable().meta({ description: "When the claim link stops working; null once claimed." }),
    payout: z.string().nullable().meta({ description: "The payout (`po_...`) that pays it, once it has an address." }),
    created_at: ts,
  })
  .meta({ description: "Money sent back to an invoice's customer, paid as a payout linked to the refund." });
export type RefundResponse = z.infer<typeof refundResponse>;
