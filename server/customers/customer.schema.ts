import { z } from "zod";
import { listParams } from "../db/pagination";

const reference = z
  .string({ error: "reference is required" })
  .min(1, "reference must not be empty")
  .max(200)
  .meta({ description: "Your own identifier of the customer, unique per merchant and mode.", example: "user_42" });

/** Body of `POST /api/v1/customers`. */
export const createCustomerRequest = z.strictObject({
  reference,
  email: z.email().max(320).optional().meta({ description: "The customer's email address." }),
  name: z.string().min(1).max(200).optional().meta({ description: "The customer's name." }),
  metadata: z
    .record(z.string().min(1).max(40), z.string().max(500))
    .refine((m) => Object.keys(m).length <= 20, "metadata may hold at most 20 keys")
    .optional()
    .meta({ description: "Your own key-value strings, up to 20 keys." }),
});
export type CreateCustomerRequest = z.infer<typeof createCustomerRequest>;

/** Query of `GET /api/v1/customers`. */
export const listCustomersQuery = z.strictObject({
  ...listParams.shape,
  reference: z.string().min(1).max(200).optional().meta({ description: "Only the customer with this reference." }),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

/** What a customer's deposits credited on one (network, asset): confirmed deposits less reorged ones. */
export const customerBalance = z.object({
  network: z.string(),
  asset: z.string(),
  credited: z.string().meta({ description: "Confirmed deposits, decimal string in the unit of `asset`." }),
  pending: z.string().meta({ description: "Deposits still confirming, decimal string." }),
});

/** The public `customer` object. */
export const customerResponse = z
  .object({
    id: z.string().meta({ description: "`cus_...`" }),
    object: z.literal("customer"),
    livemode: z.boolean(),
    reference: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    deposit_address: z.string().meta({
      description:
        "The customer's permanent deposit address (EIP-55), the same on every enabled network: any amount of any enabled asset sent there is a deposit.",
    }),
    balances: z.array(customerBalance).meta({
      description: "Per network and asset, what the customer's deposits credited (the ledger's customer account).",
    }),
    created_at: z.string().meta({ description: "ISO 8601 UTC." }),
  })
  .meta({ description: "A customer with a permanent deposit address (balance top-ups)." });
export type CustomerResponse = z.infer<typeof customerResponse>;
