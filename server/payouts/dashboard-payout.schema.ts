import { z } from "zod";
import { MAX_CSV_CHARS } from "./csv/parse-payout-csv";
import { payoutCsvProblemCodes } from "./csv/validate-payout-rows";
import { createPayoutRequest, payoutBatchResponse, payoutResponse } from "./payout.schema";

/** The on-chain transaction that carries a payout (alone or with the rest of its batch's chunk). */
export const payoutTransaction = z.object({
  hash: z.string(),
  status: z.enum(["queued", "pending", "confirmed", "failed"]),
  chainId: z.number().int(),
  blockNumber: z.string().nullable(),
  /** The whole transaction's fee in the network's native asset (decimal string), once mined. */
  fee: z.string().nullable(),
  nativeSymbol: z.string(),
  /** How many payouts the transaction carries. */
  payouts: z.number().int(),
});

/** The dashboard's payout detail: the API object, its transaction, and its batch's size. */
export const payoutDetail = z.object({
  payout: payoutResponse,
  transaction: payoutTransaction.nullable(),
  batch: z.object({ id: z.string(), count: z.number().int(), total: z.string() }).nullable(),
});
export type PayoutDetail = z.infer<typeof payoutDetail>;

const apiFields = createPayoutRequest.shape;

/** The create form: the API's fields to an address (no metadata), plus the form's idempotency key (one per form). */
export const dashboardCreatePayout = z.object({
  network: apiFields.network,
  asset: apiFields.asset,
  amount: apiFields.amount,
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "address must be a 0x-prefixed EVM address of 40 hex digits"),
  reference: apiFields.reference,
  description: apiFields.description,
  idempotencyKey: z.string().min(8).max(255),
});

/** The upload: network, asset and the file's text. */
export const payoutCsvInput = z.object({
  network: z.string().min(1).max(40),
  asset: z.string().min(1).max(10),
  csv: z.string().max(MAX_CSV_CHARS, `The file is over ${MAX_CSV_CHARS.toLocaleString("en-US")} characters.`),
});

/** "Create batch": the previewed text again, its digest, and the key made for that preview. */
export const createBatchFromCsvInput = z.object({
  ...payoutCsvInput.shape,
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  idempotencyKey: z.string().min(8).max(255),
});

export const payoutCsvPreview = z.object({
  network: z.string(),
  asset: z.string(),
  decimals: z.number().int(),
  digest: z.string(),
  fileErrors: z.array(z.string()),
  rows: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  problems: z.array(
    z.object({
      line: z.number().int(),
      severity: z.enum(["error", "warning"]),
      field: z.enum(["row", "address", "amount", "reference"]),
      code: z.enum(payoutCsvProblemCodes),
      message: z.string(),
    }),
  ),
  problemRows: z.record(z.string(), z.array(z.string())),
  payouts: z.array(
    z.object({ line: z.number().int(), address: z.string(), amount: z.string(), reference: z.string().nullable() }),
  ),
  total: z.string(),
  available: z.string(),
  canCreate: z.boolean(),
});

export const createdBatch = payoutBatchResponse.extend({ replayed: z.boolean() });
