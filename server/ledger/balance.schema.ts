import { z } from "zod";
import { listParams } from "../db/pagination";

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);
const timestamp = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 timestamp such as "2026-01-31T00:00:00Z"` })
    .transform((v) => new Date(v));

/** One (network, asset) of `GET /api/v1/balances`. */
export const balanceResponse = z
  .object({
    object: z.literal("balance"),
    livemode: z.boolean(),
    network: z.string().meta({ description: "Network id (`devnet`, `base`...)." }),
    asset: z.string().meta({ description: "Asset symbol (`USDC`, `ETH`...)." }),
    decimals: z.number().int().meta({ description: "Decimals of the asset: base units per unit are 10^decimals." }),
    available: decimalString.meta({ description: "Confirmed and spendable." }),
    pending: decimalString.meta({ description: "Received and still confirming." }),
    reserved: decimalString.meta({ description: "Taken by payouts, refunds and withdrawals not yet confirmed." }),
    held: decimalString.meta({
      description:
        "Received on invoices that are not settled (in review, short, still waiting) or kept for a decided refund.",
    }),
    custody: z
      .object({
        deposit_addresses: decimalString.meta({ description: "Confirmed funds on the merchant's deposit addresses." }),
        hot_wallet: decimalString.meta({ description: "The merchant's share held on the hot wallet." }),
      })
      .meta({ description: "Where the funds sit." }),
  })
  .meta({
    id: "Balance",
    description: "A merchant's balance in one asset on one network; every figure is a sum of ledger entries.",
  });
export type BalanceResponse = z.infer<typeof balanceResponse>;

export const balanceTransactionTypes = [
  "payment",
  "deposit",
  "payout",
  "refund",
  "withdrawal",
  "split",
  "adjustment",
] as const;
export const balanceTransactionStatuses = ["pending", "posted", "voided"] as const;

/** A balance transaction: one ledger movement of the merchant's available balance. */
export const balanceTransactionResponse = z
  .object({
    id: z.string().meta({ description: "`txn_...`" }),
    object: z.literal("balance_transaction"),
    livemode: z.boolean(),
    type: z.enum(balanceTransactionTypes).meta({
      description:
        "`payment` for a payment to an invoice; `adjustment` for a hold while an invoice is not settled, its release, or the reversal of a payment a reorg removed.",
    }),
    status: z.enum(balanceTransactionStatuses).meta({
      description: "`pending` while it confirms, `posted` once final, `voided` when a reorg removed it before that.",
    }),
    network: z.string(),
    asset: z.string(),
    amount: decimalString.meta({
      description: "Signed: positive adds to the available balance, negative takes from it.",
    }),
    amount_base_units: z
      .string()
      .regex(/^-?\d+$/)
      .meta({ description: "`amount` in base units (signed integer string)." }),
    source: z
      .string()
      .nullable()
      .meta({ description: "What caused it: a payment (`pay_...`), or the invoice (`inv_...`) of a hold or release." }),
    invoice: z.string().nullable(),
    order_id: z.string().nullable().meta({ description: "The invoice's order reference." }),
    tx_hash: z.string().nullable(),
    block_number: z.number().int().nullable(),
    description: z.string(),
    created_at: z.string(),
    posted_at: z.string().nullable(),
    voided_at: z.string().nullable(),
  })
  .meta({
    id: "BalanceTransaction",
    description: "One movement of a merchant's available balance in the double-entry ledger.",
  });
export type BalanceTransactionResponse = z.infer<typeof balanceTransactionResponse>;

/** Query of `GET /api/v1/balance_transactions`: list parameters and filters; unknown parameters are refused. */
export const listBalanceTransactionsQuery = z.strictObject({
  ...listParams.shape,
  type: z
    .enum(balanceTransactionTypes, { error: `type must be one of ${balanceTransactionTypes.join(", ")}` })
    .optional()
    .meta({ description: "Only movements of this type." }),
  network: z.string().min(1).max(40).optional().meta({ description: "Only movements on this network." }),
  asset: z.string().min(1).max(20).optional().meta({ description: "Only movements of this asset." }),
  source: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "Only movements caused by this object (`pay_...`, `inv_...`)." }),
  created_gte: timestamp("created_gte").optional().meta({ description: "Created at or after this time (ISO 8601)." }),
  created_lt: timestamp("created_lt").optional().meta({ description: "Created before this time (ISO 8601)." }),
});
export type ListBalanceTransactionsQuery = z.infer<typeof listBalanceTransactionsQuery>;
