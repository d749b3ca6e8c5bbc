import { NETWORK_CATALOG } from "../chains/catalog";
import type { PgQueryable } from "../db/pg-pool";
import { formatDecimalText } from "../money";
import { checksummed } from "./checksum-address";
import type { CsvColumn } from "./csv-stream";
import { scopedQuery, type ExportFilters } from "./export-filters";
import { keysetPages, SqlParams } from "./keyset-pages";

const networks = new Map(NETWORK_CATALOG.map((n) => [n.id, n]));

interface WithdrawalExportRow extends Record<string, unknown> {
  id: string;
  autoWithdrawalId: string;
  status: string;
  networkId: string;
  asset: string;
  decimals: number;
  amount: string;
  address: string;
  sweepId: string | null;
  txHashes: string[];
  blockNumbers: string | null;
  networkFee: string | null;
  failureReason: string | null;
  createdAt: Date;
  submittedAt: Date | null;
  confirmedAt: Date | null;
  failedAt: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The withdrawals export's columns: the API's withdrawal fields, the rule and sweep it came from, its transactions
 * (several hashes and blocks, `;`-separated, when the sweep took more than one) and the network fee in the network's
 * native asset (paid by the platform's gas wallet, never by the merchant).
 */
export const withdrawalColumns: readonly CsvColumn<WithdrawalExportRow>[] = [
  { header: "id", value: (r) => r.id },
  { header: "auto_withdrawal", value: (r) => r.autoWithdrawalId },
  { header: "created_at", value: (r) => r.createdAt.toISOString() },
  { header: "status", value: (r) => r.status },
  { header: "network", value: (r) => r.networkId },
  { header: "chain_id", value: (r) => networks.get(r.networkId)?.chainId ?? null },
  { header: "asset", value: (r) => r.asset },
  { header: "amount", value: (r) => formatDecimalText(r.amount, r.decimals, Math.min(2, r.decimals)), amount: true },
  { header: "amount_base_units", value: (r) => r.amount, amount: true },
  { header: "address", value: (r) => checksummed(r.address) },
  { header: "sweep", value: (r) => r.sweepId },
  { header: "tx_hashes", value: (r) => (r.txHashes.length > 0 ? r.txHashes.join(";") : null) },
  { header: "block_numbers", value: (r) => r.blockNumbers },
  {
    header: "network_fee",
    value: (r) =>
      r.networkFee === null
        ? null
        : formatDecimalText(r.networkFee, networks.get(r.networkId)?.nativeAsset.decimals ?? 18),
    amount: true,
  },
  {
    header: "network_fee_asset",
    value: (r) => (r.networkFee === null ? null : (networks.get(r.networkId)?.nativeAsset.symbol ?? null)),
  },
  { header: "submitted_at", value: (r) => iso(r.submittedAt) },
  { header: "confirmed_at", value: (r) => iso(r.confirmedAt) },
  { header: "failed_at", value: (r) => iso(r.failedAt) },
  { header: "failure_reason", value: (r) => r.failureReason },
];

/**
 * The merchant's withdrawals in one mode, oldest first, as pages of export rows: created in the range, on `network`
 * and in `asset` when given. Blocks are those of the sweep items that carried it (ascending, distinct).
 */
export function withdrawalExportPages(
  db: PgQueryable,
  filters: ExportFilters,
  pageSize: number,
): AsyncGenerator<WithdrawalExportRow[]> {
  const params = new SqlParams();
  const scope = [`w.merchant_id = ${params.add(filters.merchantId)}`, `w.livemode = ${params.add(filters.livemode)}`];
  const select = `w.id, w.auto_withdrawal_id AS "autoWithdrawalId", w.status::text AS status, w.network_id AS "networkId",
    w.asset, w.decimals, w.amount::text AS amount, w.address, w.sweep_id AS "sweepId", w.tx_hashes AS "txHashes",
    (SELECT string_agg(DISTINCT s.block_number::text, ';') FROM sweep_items s
      WHERE w.sweep_id IS NOT NULL AND s.sweep_id = w.sweep_id AND s.block_number IS NOT NULL) AS "blockNumbers",
    w.network_fee::text AS "networkFee", w.failure_reason AS "failureReason", w.created_at AS "createdAt",
    w.submitted_at AS "submittedAt", w.confirmed_at AS "confirmedAt", w.failed_at AS "failedAt"`;
  const query = scopedQuery(
    {
      select,
      from: "withdrawals w",
      scope,
      time: "w.created_at",
      id: "w.id",
      network: "w.network_id",
      asset: "w.asset",
    },
    params,
    filters,
  );
  return keysetPages<WithdrawalExportRow>(db, query, pageSize);
}
