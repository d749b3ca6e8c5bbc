import { checksummed } from "./checksum-address";
import { NETWORK_CATALOG } from "../chains/catalog";
import type { PgQueryable } from "../db/pg-pool";
import { creditInCurrency } from "../invoices/option-credit";
import { formatDecimal, formatDecimalText } from "../money";
import { csvField, csvText } from "./csv-stream";
import { scopedQuery, type ExportFilters } from "./export-filters";
import { keysetArrayPages, SqlParams, type KeysetQuery } from "./keyset-pages";

const chainIds = new Map(NETWORK_CATALOG.map((n) => [n.id, String(n.chainId)]));

/** Times as `Date.prototype.toISOString` writes them (PostgreSQL formats them: timestamp(3) columns, UTC). */
const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// The cells PostgreSQL reads for a payment, all as text, in this order (rows come as arrays: no object
// per row, no Date, no bigint; the row writer below indexes them).
const SELECT = [
  "p.id",
  "p.invoice_id",
  "i.order_id",
  "p.network_id",
  "p.asset",
  "p.token_address",
  "p.decimals::text",
  "p.amount::text",
  "p.tx_hash",
  "p.log_index::text",
  "p.block_number::text",
  "p.from_address",
  "p.to_address",
  "p.status::text",
  iso("p.detected_at"),
  iso("p.confirmed_at"),
  "i.currency",
  "i.currency_decimals::text",
  "i.amount::text",
  "o.amount::text",
  "o.rate",
];
const [
  ID,
  INVOICE,
  ORDER,
  NETWORK,
  ASSET,
  TOKEN,
  DECIMALS,
  AMOUNT,
  TX,
  LOG_INDEX,
  BLOCK,
  FROM,
  TO,
  STATUS,
  DETECTED,
  CONFIRMED,
] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const [CURRENCY, CURRENCY_DECIMALS, INVOICE_AMOUNT, OPTION_AMOUNT, RATE] = [16, 17, 18, 19, 20] as const;

type Cells = (string | null)[];

/**
 * What a payment is worth in its invoice's fiat currency, at the option's locked rate (the way the
 * invoice counts it: option-credit.ts, rounded down to the minor unit); empty unless the invoice is
 * fiat-priced and the payment came through one of its options.
 */
function fiatValue(r: Cells): string {
  if (r[RATE] === null || r[OPTION_AMOUNT] === null) return "";
  const credit = creditInCurrency(BigInt(r[AMOUNT]!), {
    invoiceAmount: BigInt(r[INVOICE_AMOUNT]!),
    optionAmount: BigInt(r[OPTION_AMOUNT]!),
  });
  return csvField(formatDecimal(credit, Number(r[CURRENCY_DECIMALS]), 2));
}

/** The payments export's header: the API's payment fields, the ids tying it to its invoice and order, and its fiat value. */
export const paymentHeaders = [
  "id",
  "invoice",
  "order_id",
  "network",
  "chain_id",
  "asset",
  "token_address",
  "amount",
  "amount_base_units",
  "tx_hash",
  "log_index",
  "block_number",
  "from",
  "to",
  "status",
  "detected_at",
  "confirmed_at",
  "currency",
  "rate",
  "fiat_amount",
] as const;

/**
 * One payment's CSV line (CRLF-terminated), the cells in {@link paymentHeaders}' order. Text cells are
 * formula-escaped and quoted as `csvText` does; cells that cannot hold a comma, quote, line break or a
 * leading `=+-@` (generated ids, hex, digits, enum values, formatted times) are written as they are.
 */
function paymentLine(r: Cells): string {
  const logIndex = r[LOG_INDEX]!;
  const token = r[TOKEN] ?? null;
  const confirmed = r[CONFIRMED];
  const rate = r[RATE] ?? null;
  return (
    `${r[ID]},${r[INVOICE]},${csvText(r[ORDER] ?? null)},${csvText(r[NETWORK]!)},${chainIds.get(r[NETWORK]!) ?? ""},${csvText(r[ASSET]!)},` +
    `${token === null ? "" : checksummed(token)},${csvField(formatDecimalText(r[AMOUNT]!, Number(r[DECIMALS]), 2))},` +
    `${csvField(r[AMOUNT]!)},${csvText(r[TX]!)},${logIndex.charCodeAt(0) === 45 ? "" : logIndex},${r[BLOCK]},` +
    `${checksummed(r[FROM]!)},${checksummed(r[TO]!)},${csvText(r[STATUS]!)},${r[DETECTED]},${confirmed ?? ""},` +
    `${csvText(r[CURRENCY]!)},${rate === null ? "" : csvField(rate)},${fiatValue(r)}\r\n`
  );
}

async function* paymentText(pages: AsyncGenerator<Cells[]>): AsyncGenerator<string[]> {
  try {
    for await (const page of pages) yield page.map(paymentLine);
  } finally {
    await pages.return(undefined);
  }
}

/** The keyset query of the merchant's payments in one mode; `created_gte` / `created_lt` apply to the detection time. */
function paymentQuery(filters: ExportFilters): KeysetQuery {
  const params = new SqlParams();
  const from = `payments p JOIN invoices i ON i.id = p.invoice_id
    LEFT JOIN payment_options o ON o.invoice_id = p.invoice_id AND o.network_id = p.network_id AND o.asset = p.asset`;
  // Dust paid nothing: like the invoice's `payments`, the export leaves it out (the ledger holds it as the merchant's
  // dust, and reconciliation counts it with the address's balance).
  const scope = [
    `i.merchant_id = ${params.add(filters.merchantId)}`,
    `i.livemode = ${params.add(filters.livemode)}`,
    "NOT p.dust",
  ];
  const select = SELECT.join(", ");
  return scopedQuery(
    { select, from, scope, time: "p.detected_at", id: "p.id", network: "p.network_id", asset: "p.asset" },
    params,
    filters,
  );
}

/**
 * The payments to the merchant's invoices in one mode (dust left out), oldest detection first, as pages of CSV lines
 * (see {@link paymentHeaders}); `created_gte` / `created_lt` apply to the detection time, network and
 * asset to the payment's own. The ISO detection time is the page cursor: PostgreSQL reads it back as the
 * same timestamp (the `Z` of a `timestamp without time zone` literal is ignored).
 */
export function paymentExportText(db: PgQueryable, filters: ExportFilters, pageSize: number): AsyncGenerator<string[]> {
  return paymentText(keysetArrayPages(db, paymentQuery(filters), pageSize, { at: DETECTED, id: ID }));
}
