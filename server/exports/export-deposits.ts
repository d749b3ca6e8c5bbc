import { NETWORK_CATALOG } from "../chains/catalog";
import type { PgQueryable } from "../db/pg-pool";
import { formatDecimalText } from "../money";
import { checksummed } from "./checksum-address";
import type { CsvColumn } from "./csv-stream";
import { scopedQuery, type ExportFilters } from "./export-filters";
import { keysetPages, SqlParams } from "./keyset-pages";

const networks = new Map(NETWORK_CATALOG.map((n) => [n.id, n]));

interface DepositExportRow extends Record<string, unknown> {
  id: string;
  customerId: string;
  reference: string;
  status: string;
  networkId: string;
  asset: string;
  decimals: number;
  amount: string;
  fromAddress: string;
  toAddress: string;
  txHash: string;
  logIndex: number;
  blockNumber: string;
  detectedAt: Date;
  confirmedAt: Date | null;
  reorgedAt: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The deposits export's columns: the API's deposit fields, the customer's id and reference (text: formula-escaped),
 * the transaction (hash, log index, block, chain id) and the amount as a decimal string and in base units.
 * `confirmed_at` is only set for a confirmed deposit (a `below_minimum` one is never credited).
 */
export const depositColumns: readonly CsvColumn<DepositExportRow>[] = [
  { header: "id", value: (r) => r.id },
  { header: "created_at", value: (r) => r.detectedAt.toISOString() },
  { header: "customer", value: (r) => r.customerId },
  { header: "customer_reference", value: (r) => r.reference },
  { header: "status", value: (r) => r.status },
  { header: "network", value: (r) => r.networkId },
  { header: "chain_id", value: (r) => networks.get(r.networkId)?.chainId ?? null },
  { header: "asset", value: (r) => r.asset },
  { header: "amount", value: (r) => formatDecimalText(r.amount, r.decimals, Math.min(2, r.decimals)), amount: true },
  { header: "amount_base_units", value: (r) => r.amount, amount: true },
  { header: "from", value: (r) => checksummed(r.fromAddress) },
  { header: "address", value: (r) => checksummed(r.toAddress) },
  { header: "tx_hash", value: (r) => r.txHash },
  { header: "log_index", value: (r) => (r.logIndex < 0 ? null : r.logIndex) },
  { header: "block_number", value: (r) => r.blockNumber },
  { header: "confirmed_at", value: (r) => (r.status === "confirmed" ? iso(r.confirmedAt) : null) },
  { header: "reorged_at", value: (r) => iso(r.reorgedAt) },
];

/**
 * The merchant's customers' deposits in one mode, oldest first (by detection), as pages of export rows: detected in
 * the range, on `network` and in `asset` when given.
 */
export function depositExportPages(
  db: PgQueryable,
  filters: ExportFilters,
  pageSize: number,
): AsyncGenerator<DepositExportRow[]> {
  const params = new SqlParams();
  const scope = [`d.merchant_id = ${params.add(filters.merchantId)}`, `d.livemode = ${params.add(filters.livemode)}`];
  const select = `d.id, d.customer_id AS "customerId", c.reference, d.status::text AS status, d.network_id AS "networkId",
    d.asset, d.decimals, d.amount::text AS amount, d.from_address AS "fromAddress", d.to_address AS "toAddress",
    d.tx_hash AS "txHash", d.log_index AS "logIndex", d.block_number::text AS "blockNumber", d.detected_at AS "detectedAt",
    d.confirmed_at AS "confirmedAt", d.reorged_at AS "reorgedAt"`;
  const query = scopedQuery(
    {
      select,
      from: "deposits d JOIN customers c ON c.id = d.customer_id",
      scope,
      time: "d.detected_at",
      id: "d.id",
      network: "d.network_id",
      asset: "d.asset",
    },
    params,
    filters,
  );
  return keysetPages<DepositExportRow>(db, query, pageSize);
}
