import type { PgQueryable } from "../db/pg-pool";
import {
  availableAccountPrefix,
  serializeBalanceTransaction,
  type BalanceTransactionRow,
} from "../ledger/balance-transaction";
import type { BalanceTransactionResponse } from "../ledger/balance.schema";
import { toBigInt } from "../money";
import type { CsvColumn } from "./csv-stream";
import { scopedQuery, type ExportFilters } from "./export-filters";
import { keysetPages, SqlParams, type KeysetQuery } from "./keyset-pages";

/** A balance transaction read for an export: the API's row, plus the payer of a payment (bank-statement presets). */
export interface BalanceTransactionExportRow
  extends Omit<BalanceTransactionRow, "amount" | "blockNumber">, Record<string, unknown> {
  amount: string;
  blockNumber: string | null;
  payer: string | null;
}

/**
 * The merchant's balance transactions in one mode (ledger transfers that move its available balance,
 * exactly those of `GET /api/v1/balance_transactions`), oldest first; `posted` keeps only posted ones.
 */
export function balanceTransactionQuery(filters: ExportFilters, opts: { posted?: boolean } = {}): KeysetQuery {
  const params = new SqlParams();
  const prefix = params.add(availableAccountPrefix(filters.merchantId));
  const scope = [
    `t.merchant_id = ${params.add(filters.merchantId)}`,
    `t.livemode = ${params.add(filters.livemode)}`,
    `(starts_with(t.credit_account_id, ${prefix}) OR starts_with(t.debit_account_id, ${prefix}))`,
  ];
  if (opts.posted) scope.push(`t.status = 'posted'`);
  const select = `t.id, t.livemode, t.type::text AS type, t.status::text AS status, t.network_id AS "networkId", t.asset,
    t.decimals, t.amount::text AS amount, t.debit_account_id AS "debitAccountId", t.credit_account_id AS "creditAccountId",
    t.source_id AS "sourceId", t.invoice_id AS "invoiceId", i.order_id AS "orderId", t.tx_hash AS "txHash",
    t.block_number::text AS "blockNumber", t.description, t.created_at AS "createdAt", t.posted_at AS "postedAt",
    t.voided_at AS "voidedAt", p.from_address AS payer`;
  const from = `ledger_transfers t LEFT JOIN invoices i ON i.id = t.invoice_id
    LEFT JOIN payments p ON t.type = 'payment' AND p.id = t.source_id`;
  return scopedQuery(
    { select, from, scope, time: "t.created_at", id: "t.id", network: "t.network_id", asset: "t.asset" },
    params,
    filters,
  );
}

/** The API object of an export row (the same serializer as `GET /api/v1/balance_transactions`). */
export function toBalanceTransaction(row: BalanceTransactionExportRow, merchantId: string): BalanceTransactionResponse {
  return serializeBalanceTransaction(
    { ...row, amount: toBigInt(row.amount), blockNumber: row.blockNumber === null ? null : BigInt(row.blockNumber) },
    merchantId,
  );
}

/** Pages of the merchant's balance transactions as API objects. */
export async function* balanceTransactionPages(
  db: PgQueryable,
  filters: ExportFilters,
  pageSize: number,
  opts: { posted?: boolean } = {},
): AsyncGenerator<{ object: BalanceTransactionResponse; row: BalanceTransactionExportRow }[]> {
  for await (const page of keysetPages<BalanceTransactionExportRow>(
    db,
    balanceTransactionQuery(filters, opts),
    pageSize,
  )) {
    yield page.map((row) => ({ object: toBalanceTransaction(row, filters.merchantId), row }));
  }
}

type Field = Exclude<keyof BalanceTransactionResponse, "object">;
const fields: Field[] = [
  "id",
  "type",
  "status",
  "network",
  "asset",
  "amount",
  "amount_base_units",
  "source",
  "invoice",
  "order_id",
  "tx_hash",
  "block_number",
  "description",
  "created_at",
  "posted_at",
  "voided_at",
  "livemode",
];
const amountFields = new Set<Field>(["amount", "amount_base_units"]);

/** The balance-transactions export's columns: the API object's fields, in its order, amounts signed. */
export const balanceTransactionColumns: readonly CsvColumn<{ object: BalanceTransactionResponse }>[] = fields.map(
  (field) => ({
    header: field,
    value: (r) => {
      const v = r.object[field];
      return typeof v === "boolean" ? String(v) : v;
    },
    amount: amountFields.has(field),
  }),
);
