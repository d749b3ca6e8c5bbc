import { checksummed } from "./checksum-address";
import { NETWORK_CATALOG } from "../chains/catalog";
import type { PgQueryable } from "../db/pg-pool";
import { creditInCurrency } from "../invoices/option-credit";
import { formatDecimal, toBigInt } from "../money";
import type { CsvColumn } from "./csv-stream";
import { scopedQuery, type ExportFilters } from "./export-filters";
import { keysetPages, SqlParams } from "./keyset-pages";

interface PaymentExportRow extends Record<string, unknown> {
  id: string;
  invoiceId: string;
  orderId: string | null;
  networkId: string;
  asset: string;
  tokenAddress: string | null;
  decimals: number;
  amount: string;
  txHash: string;
  logIndex: number;
  blockNumber: string;
  fromAddress: string;
  toAddress: string;
  status: string;
  detectedAt: Date;
  confirmedAt: Date | null;
  currency: string;
  currencyDecimals: number;
  invoiceAmount: string;
  /** The locked amount of the invoice's option in this network and asset (null: paid in an asset the invoice did not offer). */
  optionAmount: string | null;
  rate: string | null;
}

const chainIds = new Map(NETWORK_CATALOG.map((n) => [n.id, n.chainId]));

/**
 * What a payment is worth in its invoice's fiat currency, at the option's locked rate (the way the
 * invoice counts it: option-credit.ts, rounded down to the minor unit); null unless the invoice is
 * fiat-priced and the payment came through one of its options.
 */
function fiatValue(r: PaymentExportRow): string | null {
  if (r.rate === null || r.optionAmount === null) return null;
  const credit = creditInCurrency(toBigInt(r.amount), { invoiceAmount: toBigInt(r.invoiceAmount), optionAmount: toBigInt(r.optionAmount) });
  return formatDecimal(credit, r.currencyDecimals, 2);
}

/** The payments export's columns: the API's payment fields, the ids tying it to its invoice and order, and its fiat value. */
export const paymentColumns: readonly CsvColumn<PaymentExportRow>[] = [
  { header: "id", value: (r) => r.id },
  { header: "invoice", value: (r) => r.invoiceId },
  { header: "order_id", value: (r) => r.orderId },
  { header: "network", value: (r) => r.networkId },
  { header: "chain_id", value: (r) => chainIds.get(r.networkId) ?? null },
  { header: "asset", value: (r) => r.asset },
  { header: "token_address", value: (r) => (r.tokenAddress ? checksummed(r.tokenAddress) : null) },
  { header: "amount", value: (r) => formatDecimal(toBigInt(r.amount), r.decimals, 2), amount: true },
  { header: "amount_base_units", value: (r) => r.amount, amount: true },
  { header: "tx_hash", value: (r) => r.txHash },
  { header: "log_index", value: (r) => (r.logIndex < 0 ? null : r.logIndex) },
  { header: "block_number", value: (r) => r.blockNumber },
  { header: "from", value: (r) => checksummed(r.fromAddress) },
  { header: "to", value: (r) => checksummed(r.toAddress) },
  { header: "status", value: (r) => r.status },
  { header: "detected_at", value: (r) => r.detectedAt.toISOString() },
  { header: "confirmed_at", value: (r) => r.confirmedAt?.toISOString() ?? null },
  { header: "currency", value: (r) => r.currency },
  { header: "rate", value: (r) => r.rate, amount: true },
  { header: "fiat_amount", value: fiatValue, amount: true },
];

/**
 * The payments to the merchant's invoices in one mode, oldest detection first, as pages of export rows;
 * `created_gte` / `created_lt` apply to the detection time, network and asset to the payment's own.
 */
export function paymentExportPages(db: PgQueryable, filters: ExportFilters, pageSize: number): AsyncGenerator<PaymentExportRow[]> {
  const params = new SqlParams();
  const select = `p.id, p.invoice_id AS "invoiceId", i.order_id AS "orderId", p.network_id AS "networkId", p.asset,
    p.token_address AS "tokenAddress", p.decimals, p.amount::text AS amount, p.tx_hash AS "txHash", p.log_index AS "logIndex",
    p.block_number::text AS "blockNumber", p.from_address AS "fromAddress", p.to_address AS "toAddress", p.status::text AS status,
    p.detected_at AS "detectedAt", p.confirmed_at AS "confirmedAt", i.currency, i.currency_decimals AS "currencyDecimals",
    i.amount::text AS "invoiceAmount", o.amount::text AS "optionAmount", o.rate`;
  const from = `payments p JOIN invoices i ON i.id = p.invoice_id
    LEFT JOIN payment_options o ON o.invoice_id = p.invoice_id AND o.network_id = p.network_id AND o.asset = p.asset`;
  const scope = [`i.merchant_id = ${params.add(filters.merchantId)}`, `i.livemode = ${params.add(filters.livemode)}`];
  const query = scopedQuery({ select, from, scope, time: "p.detected_at", id: "p.id", network: "p.network_id", asset: "p.asset" }, params, filters);
  return keysetPages<PaymentExportRow>(db, query, pageSize);
}
