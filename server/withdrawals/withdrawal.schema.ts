import { z } from "zod";
import { listParams } from "../db/pagination";

const decimal = (description: string, example: string) =>
  z
    .string()
    .max(100)
    .regex(/^(0|[1-9]\d*)(\.\d+)?$/, "must be a non-negative decimal string such as 250.00")
    .meta({ description, example });

/** Body of `POST /api/v1/auto_withdrawals`. */
export const createAutoWithdrawalRequest = z.strictObject({
  network: z
    .string()
    .min(1)
    .max(40)
    .meta({ description: "The network id (`GET /api/v1/networks`).", example: "ethereum" }),
  asset: z.string().min(1).max(20).meta({ description: "The asset's symbol on that network.", example: "USDC" }),
  address: z
    .string()
    .max(100)
    .regex(/^0x[0-9a-fA-F]{40}$/, "must be an EVM address (0x and 40 hex digits)")
    .meta({
      description: "Your own wallet that receives the withdrawals. A mixed-case address must have a valid checksum.",
      example: "0x52908400098527886E0F7030069857D2E4169EE7",
    }),
  threshold: decimal(
    "When `available` in this network and asset reaches this amount, a withdrawal starts. At least the network's economic minimum for the asset.",
    "1000.00",
  ),
  keep: decimal("What stays behind in `available` after each withdrawal. Default 0.", "100.00").optional(),
});
export type CreateAutoWithdrawalRequest = z.infer<typeof createAutoWithdrawalRequest>;

/** Query of `GET /api/v1/auto_withdrawals`. */
export const listAutoWithdrawalsQuery = listParams.strict();

export const autoWithdrawalResponse = z
  .object({
    id: z.string().meta({ example: "aw_3kT9pQ2xV8mN1bC4dF6gH7" }),
    object: z.literal("auto_withdrawal"),
    livemode: z.boolean(),
    network: z.string(),
    asset: z.string(),
    address: z.string().meta({ description: "Checksummed." }),
    threshold: z.string(),
    keep: z.string(),
    status: z.enum(["pending_activation", "active", "disabled"]).meta({
      description:
        "`pending_activation` until `active_at` (a new address in live mode waits 24 hours, and every owner and admin is told), " +
        "then `active`; `disabled` once deleted or replaced by a newer rule for the same network and asset.",
    }),
    active_at: z.string().meta({ description: "When the rule starts (or started) to withdraw." }),
    created_at: z.string(),
    disabled_at: z.string().nullable(),
  })
  .meta({
    description: "A rule that withdraws everything above `keep` to your address once `available` reaches `threshold`.",
  });
export type AutoWithdrawalResponse = z.infer<typeof autoWithdrawalResponse>;

/** Query of `GET /api/v1/withdrawals`. */
export const listWithdrawalsQuery = listParams
  .extend({
    status: z
      .enum(["pending", "submitted", "confirmed", "failed"])
      .optional()
      .meta({ description: "Only this status." }),
  })
  .strict();
export type ListWithdrawalsQuery = z.infer<typeof listWithdrawalsQuery>;

export const withdrawalResponse = z
  .object({
    id: z.string().meta({ example: "wd_8Hf2kL0qZ5xR7mN3bV9cT1" }),
    object: z.literal("withdrawal"),
    livemode: z.boolean(),
    auto_withdrawal: z.string().meta({ description: "The rule that made it (`aw_...`)." }),
    network: z.string(),
    asset: z.string(),
    amount: z.string().meta({
      description:
        "What is sent to `address`, in the asset: exactly `available − keep` when the rule fired (less only when the " +
        "deposit addresses did not hold that much). It leaves your deposit addresses and your balance exactly and " +
        "arrives whole, except native coins on a network without EIP-7702, which arrive less 21,000 gas × its price " +
        "per deposit address (credited back to your `available`).",
    }),
    address: z.string().meta({ description: "Checksummed." }),
    status: z.enum(["pending", "submitted", "confirmed", "failed"]).meta({
      description:
        "`pending`: reserved from `available`, not yet broadcast; `submitted`: broadcast; `confirmed`: mined with the " +
        "network's confirmations; `failed`: given up, the reservation released back to `available`.",
    }),
    tx_hashes: z
      .array(z.string())
      .meta({ description: "The transactions that carried it (a sweep may take several)." }),
    network_fee: z.string().nullable().meta({
      description: "Gas paid, in the network's native asset, by Payrail's gas wallet (never from your balance).",
    }),
    failure_reason: z.string().nullable(),
    created_at: z.string(),
    submitted_at: z.string().nullable(),
    confirmed_at: z.string().nullable(),
  })
  .meta({ description: "Funds swept from your deposit addresses to your auto-withdrawal address." });
export type WithdrawalResponse = z.infer<typeof withdrawalResponse>;
