import { z } from "zod";

const timestamp = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 timestamp such as "2026-01-31T00:00:00Z"` })
    .transform((v) => new Date(v));

/** The kinds `GET /api/v1/exports/{kind}.csv` serves today (payouts, refunds, withdrawals and deposits join as they land). */
export const exportKinds = [
  "invoices",
  "payments",
  "payouts",
  "refunds",
  "withdrawals",
  "deposits",
  "balance_transactions",
  "xero",
  "quickbooks",
] as const;
export type ExportKind = (typeof exportKinds)[number];

/** Query of `GET /api/v1/exports/{kind}.csv`; unknown parameters are refused. */
export const exportQuery = z.strictObject({
  created_gte: timestamp("created_gte")
    .optional()
    .meta({ description: "Only rows created (payments: detected) at or after this time (ISO 8601)." }),
  created_lt: timestamp("created_lt")
    .optional()
    .meta({ description: "Only rows created (payments: detected) before this time (ISO 8601)." }),
  network: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .meta({ description: "Only rows on this network (invoices: offering it)." }),
  asset: z.string().min(1).max(20).optional().meta({ description: "Only rows in this asset (invoices: offering it)." }),
});
export type ExportQuery = z.infer<typeof exportQuery>;
