import { z } from "zod";
import { listParams } from "../db/pagination";

/** Statuses of a deposit (docs/api.md "Customers"). */
export const depositStatuses = ["pending", "confirmed", "reorged", "below_minimum"] as const;
export type DepositStatus = (typeof depositStatuses)[number];

/** Query of `GET /api/v1/deposits`. */
export const listDepositsQuery = z.strictObject({
  ...listParams.shape,
  customer: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "Only the deposits of this customer (`cus_...`)." }),
  status: z
    .enum(depositStatuses, { error: `status must be one of ${depositStatuses.join(", ")}` })
    .optional()
    .meta({ description: "Only deposits in this status." }),
});
export type ListDepositsQuery = z.infer<typeof listDepositsQuery>;

const ts = z.string().meta({ description: "ISO 8601 UTC." });

/** The public `deposit` object. */
export const depositResponse = z
  .object({
    id: z.string().meta({ description: "`dep_...`" }),
    object: z.literal("deposit"),
    livemode: z.boolean(),
    customer: z.string().meta({ description: "The customer (`cus_...`) whose address received it." }),
    network: z.string(),
    asset: z.string(),
    amount: z.string().meta({ description: "Decimal string in the unit of `asset`." }),
    amount_base_units: z.string().meta({ description: "The amount in base units, an integer string." }),
    from: z.string().meta({ description: "The sender (EIP-55)." }),
    address: z.string().meta({ description: "The customer's deposit address that received it (EIP-55)." }),
    tx_hash: z.string(),
    log_index: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The ERC-20 Transfer's log index; null for a native transfer." }),
    block_number: z.number().int(),
    confirmations: z
      .number()
      .int()
      .meta({ description: "Its block and those on top of it, counted to the scanned height (0 when reorged)." }),
    required_confirmations: z.number().int(),
    status: z.enum(depositStatuses).meta({
      description:
        "`pending` until the network's confirmations, then `confirmed` (credited); `reorged` when its block left the chain; `below_minimum` under the asset's minimum, never credited.",
    }),
    created_at: ts,
    confirmed_at: ts.nullable(),
  })
  .meta({ description: "A transfer to a customer's deposit address." });
export type DepositResponse = z.infer<typeof depositResponse>;
