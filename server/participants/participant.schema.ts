import { z } from "zod";
import { listParams } from "../db/pagination";

/** Most splits one invoice may carry. */
export const MAX_SPLITS = 20;

/** Body of `POST /api/v1/participants` (docs/api.md "Marketplaces"). */
export const createParticipantRequest = z.strictObject({
  reference: z.string({ error: "reference is required" }).min(1).max(200).meta({
    description: "Your own identifier of the participant, unique per mode (409 `participant_reference_exists`).",
    example: "seller_42",
  }),
  name: z
    .string({ error: "name is required" })
    .min(1)
    .max(200)
    .meta({ description: "The participant's name, shown on the dashboard and its statement.", example: "Acme Ltd" }),
  address: z
    .string({ error: "address must be a 0x-prefixed EVM address" })
    .regex(/^0x[0-9a-fA-F]{40}$/, "address must be a 0x-prefixed EVM address of 40 hex digits")
    .meta({
      description: "The EVM address its payouts go to (all lowercase, or EIP-55 checksummed).",
      example: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    }),
});
export type CreateParticipantRequest = z.infer<typeof createParticipantRequest>;

/** Query of `GET /api/v1/participants`. */
export const listParticipantsQuery = z.strictObject({
  ...listParams.shape,
  reference: z.string().min(1).max(200).optional().meta({ description: "Only the participant with this reference." }),
});
export type ListParticipantsQuery = z.infer<typeof listParticipantsQuery>;

/** A participant's balance in one network and asset. */
export const participantBalanceResponse = z.object({
  network: z.string(),
  asset: z.string(),
  available: z
    .string()
    .meta({ description: "Decimal string: its splits received less its payouts (reserved or sent)." }),
  available_base_units: z.string().meta({ description: "The same in base units, an integer string." }),
});

/** The public `participant` object. */
export const participantResponse = z
  .object({
    id: z.string().meta({ description: "`prt_...`" }),
    object: z.literal("participant"),
    livemode: z.boolean(),
    reference: z.string(),
    name: z.string(),
    address: z.string().meta({ description: "Where its payouts go, EIP-55 checksummed." }),
    balances: z
      .array(participantBalanceResponse)
      .meta({ description: "One per network and asset it ever received in, from the ledger." }),
    created_at: z.string().meta({ description: "ISO 8601 UTC." }),
  })
  .meta({ description: "A marketplace participant: receives shares of split invoices and is paid out from them." });
export type ParticipantResponse = z.infer<typeof participantResponse>;

/**
 * A percent with at most two decimals, as a decimal string ("12.5") or a JSON number (12.5); checked and turned
 * into hundredths of a percent by resolve-splits.ts, so that the error names the split.
 */
const percent = z.union([z.string().max(12), z.number()]).meta({
  description: 'Share of what the invoice receives, more than 0 with at most two decimals: "70", "12.5" or 12.5.',
  example: "70",
});

/** `splits` of `POST /api/v1/invoices`. */
export const invoiceSplitsRequest = z
  .array(
    z.strictObject({
      participant: z
        .string({ error: "participant is required" })
        .min(1)
        .max(100)
        .meta({ description: "A participant (`prt_...`) of yours in this mode." }),
      percent,
    }),
  )
  .min(1, "splits must hold at least one split")
  .max(MAX_SPLITS, `splits may hold at most ${MAX_SPLITS} participants`)
  .meta({
    description:
      "Shares of what the invoice receives that move to participants when it is paid (at most 100 in total). Each " +
      "share is rounded down to the asset's base unit; the remainder stays with you.",
  });

/** A split as the invoice object shows it. */
export const invoiceSplitResponse = z.object({
  participant: z.string().meta({ description: "`prt_...`" }),
  percent: z.string().meta({ description: 'Decimal string with two decimals, such as "70.00".' }),
});

/** Query of `GET /api/v1/exports/participant_statement.csv`. */
export const participantStatementQuery = z.strictObject({
  participant: z
    .string({ error: "participant is required" })
    .min(1)
    .max(100)
    .meta({ description: "The participant (`prt_...`) whose statement to export." }),
  created_gte: z.iso
    .datetime({ offset: true, error: 'created_gte must be an ISO 8601 timestamp such as "2026-01-31T00:00:00Z"' })
    .transform((v) => new Date(v))
    .optional()
    .meta({ description: "Only movements at or after this time; the opening balance is everything before it." }),
  created_lt: z.iso
    .datetime({ offset: true, error: 'created_lt must be an ISO 8601 timestamp such as "2026-01-31T00:00:00Z"' })
    .transform((v) => new Date(v))
    .optional()
    .meta({ description: "Only movements before this time." }),
});
export type ParticipantStatementQuery = z.infer<typeof participantStatementQuery>;
