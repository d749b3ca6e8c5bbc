import { checksummed } from "./checksum-address";
import type { PgQueryable } from "../db/pg-pool";
import { formatDecimal, toBigInt } from "../money";
import type { CsvColumn } from "./csv-stream";
import type { ExportFilters } from "./export-filters";
import { timeRange } from "./export-filters";
import { keysetPages, SqlParams } from "./keyset-pages";

interface InvoiceExportRow extends Record<string, unknown> {
  id: string;
  livemode: boolean;
  status: string;
  orderId: string | null;
  description: string | null;
  amount: string;
  currency: string;
  currencyDecimals: number;
  amountPaid: string;
  amountOverpaid: string;
  reviewReason: string | null;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  depositAddress: string | null;
  rates: string | null;
  metadata: unknown;
}

const money = (row: InvoiceExportRow, value: bigint) => formatDecimal(value, row.currencyDecimals, 2);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The invoices export's columns: the API's invoice fields a ledger needs, with each option's locked rate for fiat invoices. */
export const invoiceColumns: readonly CsvColumn<InvoiceExportRow>[] = [
  { header: "id", value: (r) => r.id },
  { header: "created_at", value: (r) => r.createdAt.toISOString() },
  { header: "status", value: (r) => r.status },
  { header: "order_id", value: (r) => r.orderId },
  { header: "description", value: (r) => r.description },
  { header: "amount", value: (r) => money(r, toBigInt(r.amount)), amount: true },
  { header: "currency", value: (r) => r.currency },
  { header: "amount_paid", value: (r) => money(r, toBigInt(r.amountPaid)), amount: true },
  {
    header: "amount_due",
    value: (r) => {
      const [amount, paid] = [toBigInt(r.amount), toBigInt(r.amountPaid)];
      return money(r, paid >= amount ? 0n : amount - paid);
    },
    amount: true,
  },
  { header: "amount_overpaid", value: (r) => money(r, toBigInt(r.amountOverpaid)), amount: true },
  { header: "paid_at", value: (r) => iso(r.paidAt) },
  { header: "expires_at", value: (r) => r.expiresAt.toISOString() },
  { header: "review_reason", value: (r) => r.reviewReason },
  { header: "livemode", value: (r) => String(r.livemode) },
  { header: "deposit_address", value: (r) => (r.depositAddress ? checksummed(r.depositAddress) : null) },
  // `network:asset=rate;...`: fiat per whole asset unit, locked at creation (fiat-priced invoices only).
  { header: "rates", value: (r) => r.rates },
  { header: "metadata", value: (r) => JSON.stringify(r.metadata ?? {}) },
];

/**
 * The merchant's invoices in one mode, oldest first, as pages of export rows: created in the range, and
 * with a payment option on `network` / in `asset` when those are given.
 */
export function invoiceExportPages(
  db: PgQueryable,
  filters: ExportFilters,
  pageSize: number,
): AsyncGenerator<InvoiceExportRow[]> {
  const params = new SqlParams();
  const where = [`i.merchant_id = ${params.add(filters.merchantId)}`, `i.livemode = ${params.add(filters.livemode)}`];
  if (filters.network || filters.asset) {
    const cond = ["o.invoice_id = i.id"];
    if (filters.network) cond.push(`o.network_id = ${params.add(filters.network)}`);
    if (filters.asset) cond.push(`o.asset = ${params.add(filters.asset)}`);
    where.push(`EXISTS (SELECT 1 FROM payment_options o WHERE ${cond.join(" AND ")})`);
  }
  timeRange(where, params, "i.created_at", filters);
  const select = `i.id, i.livemode, i.status::text AS status, i.order_id AS "orderId", i.description, i.amount::text AS amount,
    i.currency, i.currency_decimals AS "currencyDecimals", i.amount_paid::text AS "amountPaid",
    i.amount_overpaid::text AS "amountOverpaid", i.review_reason::text AS "reviewReason", i.created_at AS "createdAt",
    i.expires_at AS "expiresAt", i.paid_at AS "paidAt", i.metadata,
    (SELECT d.address FROM deposit_addresses d WHERE d.invoice_id = i.id) AS "depositAddress",
    (SELECT string_agg(o.network_id || ':' || o.asset || '=' || o.rate, ';' ORDER BY o.position)
       FROM payment_options o WHERE o.invoice_id = i.id AND o.rate IS NOT NULL) AS rates`;
  return keysetPages<InvoiceExportRow>(
    db,
    { select, from: "invoices i", where, params, time: "i.created_at", id: "i.id" },
    pageSize,
  );
}
