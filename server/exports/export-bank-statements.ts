import { checksummed } from "./checksum-address";
import type { BalanceTransactionResponse } from "../ledger/balance.schema";
import type { CsvColumn } from "./csv-stream";
import type { BalanceTransactionExportRow } from "./export-balance-transactions";

/**
 * Bank-statement presets an accountant imports directly: one line per posted balance transaction, dated
 * the UTC day it posted, the amount signed (money in positive) in the asset's units. A statement is one
 * account: export one network and asset per file (the description names both).
 */
type StatementRow = { object: BalanceTransactionResponse; row: BalanceTransactionExportRow };

const pad = (n: number) => String(n).padStart(2, "0");
const postedDay = (r: StatementRow) => new Date(r.object.posted_at ?? r.object.created_at);

/** Xero's template dates: DD/MM/YYYY. */
export function xeroDate(d: Date): string {
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** QuickBooks Online's 3-column bank upload dates: MM/DD/YYYY. */
export function quickBooksDate(d: Date): string {
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

function description(r: StatementRow): string {
  const o = r.object;
  const tx = o.tx_hash ? ` tx ${o.tx_hash}` : "";
  return `${o.description} (${o.asset} on ${o.network}; ${o.id}${tx})`;
}

/** Xero's bank statement CSV: `Date, Amount, Payee, Description, Reference` (the payer's address; the order id, else the invoice, else the id). */
export const xeroColumns: readonly CsvColumn<StatementRow>[] = [
  { header: "Date", value: (r) => xeroDate(postedDay(r)) },
  { header: "Amount", value: (r) => r.object.amount, amount: true },
  { header: "Payee", value: (r) => (r.row.payer ? checksummed(r.row.payer) : "Payrail") },
  { header: "Description", value: description },
  { header: "Reference", value: (r) => r.object.order_id ?? r.object.invoice ?? r.object.id },
];

/** QuickBooks Online's 3-column bank CSV: `Date, Description, Amount`. */
export const quickBooksColumns: readonly CsvColumn<StatementRow>[] = [
  { header: "Date", value: (r) => quickBooksDate(postedDay(r)) },
  {
    header: "Description",
    value: (r) => `${r.object.order_id ? `Order ${r.object.order_id}: ` : ""}${description(r)}`,
  },
  { header: "Amount", value: (r) => r.object.amount, amount: true },
];
