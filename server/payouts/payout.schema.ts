import { z } from "zod";
import { listParams } from "../db/pagination";

/** Statuses of a payout (docs/api.md "Payouts"). */
export const payoutStatuses = ["pending_approval", "queued", "submitted", "confirmed", "failed", "cancelled"] as const;
export type PayoutStatus = (typeof payoutStatuses)[number];

/** Statuses of a batch, from its payouts': see batchStatus in serialize-payout.ts. */
export const payoutBatchStatuses = ["pending_approval", "queued", "submitted", "completed"] as const;

/** Most items of one `POST /api/v1/payout_batches`. */
export const MAX_BATCH_ITEMS = 1000;

const amount = z
  .string({ error: 'amount must be a decimal string such as "25.00"' })
  .regex(/^(0|[1-9]\d{0,30})(\.\d{1,18})?$/, 'amount must be a positive decimal string such as "25.00"')
  .meta({
    description: 'Decimal string in the unit of `asset`, such as "25.00". Never a JSON number.',
    example: "25.00",
  });

const address = z
  .string({ error: "address must be a 0x-prefixed EVM address" })
  .regex(/^0x[0-9a-fA-F]{40}$/, "address must be a 0x-prefixed EVM address of 40 hex digits")
  .meta({
    description: "The EVM address the payout is sent to.",
    example: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  });

const participantRef = z.string().min(1).max(100).meta({
  description:
    "Instead of `address`: a participant (`prt_...`); the payout goes to its address and draws on its balance.",
});

const reference = z
  .string()
  .min(1)
  .max(200)
  .meta({ description: "Your own reference, unique per merchant and mode (409 `payout_reference_exists`)." });

const network = z
  .string({ error: "network is required" })
  .min(1)
  .max(40)
  .meta({ description: "Network id (`devnet`, `base`...).", example: "devnet" });
const asset = z
  .string({ error: "asset is required" })
  .min(1)
  .max(10)
  .meta({ description: "Asset symbol on that network (`USDC`, `ETH`...).", example: "USDC" });

/** Body of `POST /api/v1/payouts`: to an `address`, or to a `participant` (its address, drawn on its balance). */
export const createPayoutRequest = z.strictObject({
  network,
  asset,
  amount,
  address: address.optional(),
  participant: participantRef.optional(),
  reference: reference.optional(),
  description: z.string().max(500).optional().meta({ description: "Your own note about the payout." }),
  metadata: z
    .record(z.string().min(1).max(40), z.string().max(500))
    .refine((m) => Object.keys(m).length <= 20, "metadata may hold at most 20 keys")
    .optional()
    .meta({ description: "Your own key-value strings, up to 20 keys." }),
});
export type CreatePayoutRequest = z.infer<typeof createPayoutRequest>;

/** One item of a batch. */
export const payoutBatchItem = z.strictObject({
  amount,
  address: address.optional(),
  participant: participantRef.optional(),
  reference: reference.optional(),
});

/** Body of `POST /api/v1/payout_batches`: 1 to 1,000 items, each checked before anything is created. */
export const createPayoutBatchRequest = z.strictObject({
  network,
  asset,
  items: z
    .array(payoutBatchItem)
    .min(1, "items must hold at least one payout")
    .max(MAX_BATCH_ITEMS, `items may hold at most ${MAX_BATCH_ITEMS} payouts`)
    .meta({ description: "1 to 1,000 payouts; one bad item is a 422 whose `param` names it (`items[3].address`)." }),
});
export type CreatePayoutBatchRequest = z.infer<typeof createPayoutBatchRequest>;

/** Query of `GET /api/v1/payouts`. */
export const listPayoutsQuery = z.strictObject({
  ...listParams.shape,
  status: z
    .enum(payoutStatuses, { error: `status must be one of ${payoutStatuses.join(", ")}` })
    .optional()
    .meta({ description: "Only payouts in this status." }),
  batch: z.string().min(1).max(100).optional().meta({ description: "Only the payouts of this batch (`pb_...`)." }),
  reference: z.string().min(1).max(200).optional().meta({ description: "Only the payout with this reference." }),
});
export type ListPayoutsQuery = z.infer<typeof listPayoutsQuery>;

const ts = z.string().meta({ description: "ISO 8601 UTC." });

/** The public `payout` object. */
export const payoutResponse = z
  .object({
    id: z.string().meta({ description: "`po_...`" }),
    object: z.literal("payout"),
    livemode: z.boolean(),
    status: z.enum(payoutStatuses),
    network: z.string(),
    asset: z.string(),
    amount: z.string().meta({ description: "Decimal string in the unit of `asset`." }),
    amount_base_units: z.string().meta({ description: "The amount in base units, an integer string." }),
    address: z.string().meta({ description: "Destination, EIP-55 checksummed." }),
    participant: z.string().nullable().meta({
      description: "The participant (`prt_...`) it pays, drawn on its balance; null for a payout to an address.",
    }),
    reference: z.string().nullable(),
    description: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    batch: z.string().nullable().meta({ description: "The batch (`pb_...`) it belongs to." }),
    refund: z.string().nullable().meta({ description: "The refund (`re_...`) it pays." }),
    tx_hash: z.string().nullable().meta({ description: "The transaction that carries it, once broadcast." }),
    network_fee: z
      .string()
      .nullable()
      .meta({ description: "Its share of the transaction's fee in the network's native asset, paid by the operator." }),
    failure_reason: z.string().nullable(),
    created_at: ts,
    approved_at: ts.nullable(),
    submitted_at: ts.nullable(),
    confirmed_at: ts.nullable(),
  })
  .meta({ description: "Money sent from the hot wallet on the merchant's behalf." });
export type PayoutResponse = z.infer<typeof payoutResponse>;

/** The public `payout_batch` object. */
export const payoutBatchResponse = z
  .object({
    id: z.string().meta({ description: "`pb_...`" }),
    object: z.literal("payout_batch"),
    livemode: z.boolean(),
    status: z.enum(payoutBatchStatuses).meta({
      description:
        "`pending_approval` while any payout awaits approval, `queued` while any is not yet broadcast, `submitted` " +
        "while any is unconfirmed, `completed` when every payout is confirmed, failed or cancelled.",
    }),
    network: z.string(),
    asset: z.string(),
    total: z.string().meta({ description: "Sum of the items, decimal string." }),
    count: z.number().int(),
    tx_hashes: z.array(z.string()).meta({ description: "The transactions that carry its payouts, once broadcast." }),
    created_at: ts,
  })
  .meta({ description: "Payouts created together; token payouts go out in as few transactions as possible." });
export type PayoutBatchResponse = z.infer<typeof payoutBatchResponse>;
