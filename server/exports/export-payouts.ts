import { NETWORK_CATALOG } from "../chains/catalog";
import type { PgQueryable } from "../db/pg-pool";
import { formatDecimalText } from "../money";
import { checksummed } from "./checksum-address";
import type { CsvColumn } from "./csv-stream";
import { scopedQuery, type ExportFilters } from "./export-filters";
import { keysetPages, SqlParams } from "./keyset-pages";

const networks = new Map(NETWORK_CATALOG.map((n) => [n.id, n]));

interface PayoutExportRow extends Record<string, unknown> {
  id: string;
  batchId: string | null;
  reference: string | null;
  status: string;
  networkId: string;
  asset: string;
  tokenAddress: string | null;
  decimals: number;
  amount: string;
  address: string;
  txHash: string | null;
  blockNumber: string | null;
  networkFee: string | null;
  description: string | null;
  failureReason: string | null;
  createdAt: Date;
  approvedAt: Date | null;
  submittedAt: Date | null;
  confirmedAt: Date | null;
  failedAt: Date | null;
  cancelledAt: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The payouts export's columns: the API's payout fields, the ids that tie a row to its batch, its reference and
 * its transaction (hash, block, chain), and its share of the network fee in the network's native asset.
 */
export const payoutColumns: readonly CsvColumn<PayoutExportRow>[] = [
  { header: "id", value: (r) => r.id },
  { header: "batch", value: (r) => r.batchId },
  { header: "reference", value: (r) => r.reference },
  { header: "created_at", value: (r) => r.createdAt.toISOString() },
  { header: "status", value: (r) => r.status },
  { header: "network", value: (r) => r.networkId },
  { header: "chain_id", value: (r) => networks.get(r.networkId)?.chainId ?? null },
  { header: "asset", value: (r) => r.asset },
  { header: "token_address", value: (r) => (r.tokenAddress ? checksummed(r.tokenAddress) : null) },
  { header: "amount", value: (r) => formatDecimalText(r.amount, r.decimals, Math.min(2, r.decimals)), amount: true },
  { header: "amount_base_units", value: (r) => r.amount, amount: true },
  { header: "address", value: (r) => checksummed(r.address) },
  { header: "tx_hash", value: (r) => r.txHash },
  { header: "block_number", value: (r) => r.blockNumber },
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
  { header: "description", value: (r) => r.description },
  { header: "approved_at", value: (r) => iso(r.approvedAt) },
  { header: "submitted_at", value: (r) => iso(r.submittedAt) },
  { header: "confirmed_at", value: (r) => iso(r.confirmedAt) },
  { header: "failed_at", value: (r) => iso(r.failedAt) },
  { header: "cancelled_at", value: (r) => iso(r.cancelledAt) },
  { header: "failure_reason", value: (r) => r.failureReason },
];

/**
 * The merchant's payouts in one mode, oldest first, as pages of export rows: created in the range, on `network`
 * and in `asset` when given. The block is the mined block of the transaction that carries the payout (empty until
 * it is mined, and again if a reorg drops it).
 */
export function payoutExportPages(
  db: PgQueryable,
  filters: ExportFilters,
  pageSize: number,
): AsyncGenerator<PayoutExportRow[]> {
  const params = new SqlParams();
  const scope = [`p.merchant_id = ${params.add(filters.merchantId)}`, `p.livemode = ${params.add(filters.livemode)}`];
  const select = `p.id, p.batch_id AS "batchId", p.reference, p.status::text AS status, p.network_id AS "networkId", p.asset,
    p.token_address AS "tokenAddress", p.decimals, p.amount::text AS amount, p.address, p.tx_hash AS "txHash",
    o.mined_block_number::text AS "blockNumber", p.network_fee::text AS "networkFee", p.description,
    p.failure_reason AS "failureReason", p.created_at AS "createdAt", p.approved_at AS "approvedAt",
    p.submitted_at AS "submittedAt", p.confirmed_at AS "confirmedAt", p.failed_at AS "failedAt",
    p.cancelled_at AS "cancelledAt"`;
  const query = scopedQuery(
    {
      select,
      from: "payouts p LEFT JOIN outgoing_transactions o ON o.key = p.outgoing_key",
      scope,
      time: "p.created_at",
      id: "p.id",
      network: "p.network_id",
      asset: "p.asset",
    },
    params,
    filters,
  );
  return keysetPages<PayoutExportRow>(db, query, pageSize);
}
