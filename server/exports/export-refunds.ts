import { NETWORK_CATALOG } from "../chains/catalog";
import type { PgQueryable } from "../db/pg-pool";
import { formatDecimalText } from "../money";
import { checksummed } from "./checksum-address";
import type { CsvColumn } from "./csv-stream";
import { scopedQuery, type ExportFilters } from "./export-filters";
import { keysetPages, SqlParams } from "./keyset-pages";

const networks = new Map(NETWORK_CATALOG.map((n) => [n.id, n]));

interface RefundExportRow extends Record<string, unknown> {
  id: string;
  invoiceId: string;
  orderId: string | null;
  status: string;
  funding: string;
  networkId: string;
  asset: string;
  tokenAddress: string | null;
  decimals: number;
  amount: string;
  address: string | null;
  reason: string | null;
  payoutId: string | null;
  txHash: string | null;
  blockNumber: string | null;
  createdAt: Date;
  claimedAt: Date | null;
  confirmedAt: Date | null;
  failedAt: Date | null;
  cancelledAt: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The refunds export's columns: the API's refund fields, the ids that tie a row to its invoice (and the merchant's
 * order), its payout and that payout's transaction (hash, block, chain), and the ledger account it drew on.
 */
export const refundColumns: readonly CsvColumn<RefundExportRow>[] = [
  { header: "id", value: (r) => r.id },
  { header: "invoice", value: (r) => r.invoiceId },
  { header: "order_id", value: (r) => r.orderId },
  { header: "created_at", value: (r) => r.createdAt.toISOString() },
  { header: "status", value: (r) => r.status },
  { header: "network", value: (r) => r.networkId },
  { header: "chain_id", value: (r) => networks.get(r.networkId)?.chainId ?? null },
  { header: "asset", value: (r) => r.asset },
  { header: "token_address", value: (r) => (r.tokenAddress ? checksummed(r.tokenAddress) : null) },
  { header: "amount", value: (r) => formatDecimalText(r.amount, r.decimals, Math.min(2, r.decimals)), amount: true },
  { header: "amount_base_units", value: (r) => r.amount, amount: true },
  { header: "address", value: (r) => (r.address ? checksummed(r.address) : null) },
  { header: "payout", value: (r) => r.payoutId },
  { header: "tx_hash", value: (r) => r.txHash },
  { header: "block_number", value: (r) => r.blockNumber },
  { header: "drawn_from", value: (r) => r.funding },
  { header: "reason", value: (r) => r.reason },
  { header: "claimed_at", value: (r) => iso(r.claimedAt) },
  { header: "confirmed_at", value: (r) => iso(r.confirmedAt) },
  { header: "failed_at", value: (r) => iso(r.failedAt) },
  { header: "cancelled_at", value: (r) => iso(r.cancelledAt) },
];

/**
 * The merchant's refunds in one mode, oldest first, as pages of export rows: created in the range, on `network` and
 * in `asset` when given. The block is the mined block of the transaction carrying its payout (empty until mined).
 */
export function refundExportPages(
  db: PgQueryable,
  filters: ExportFilters,
  pageSize: number,
): AsyncGenerator<RefundExportRow[]> {
  const params = new SqlParams();
  const scope = [`r.merchant_id = ${params.add(filters.merchantId)}`, `r.livemode = ${params.add(filters.livemode)}`];
  const select = `r.id, r.invoice_id AS "invoiceId", i.order_id AS "orderId", r.status::text AS status,
    r.funding::text AS funding, r.network_id AS "networkId", r.asset, r.token_address AS "tokenAddress", r.decimals,
    r.amount::text AS amount, r.address, r.reason, p.id AS "payoutId", p.tx_hash AS "txHash",
    o.mined_block_number::text AS "blockNumber", r.created_at AS "createdAt", r.claimed_at AS "claimedAt",
    r.confirmed_at AS "confirmedAt", r.failed_at AS "failedAt", r.cancelled_at AS "cancelledAt"`;
  const query = scopedQuery(
    {
      select,
      from: `refunds r JOIN invoices i ON i.id = r.invoice_id LEFT JOIN payouts p ON p.refund_id = r.id
             LEFT JOIN outgoing_transactions o ON o.key = p.outgoing_key`,
      scope,
      time: "r.created_at",
      id: "r.id",
      network: "r.network_id",
      asset: "r.asset",
    },
    params,
    filters,
  );
  return keysetPages<RefundExportRow>(db, query, pageSize);
}
