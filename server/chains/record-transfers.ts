import type { Tx } from "../db";
import { newId } from "../ids";
import { toBigInt } from "../money";
import { recordInvoiceEvent } from "../webhooks/record-event";
import { isDust } from "./dust-minimums";
import type { FoundTransfer } from "./find-transfers";

/** What recording a range's transfers did. */
export interface RecordedTransfers {
  /** Invoices with a credited payment that is new or back in the chain: to recompute. */
  invoices: Set<string>;
  /** Dust payments that are new or back in the chain: their ledger entries follow (postDustLedger). */
  dust: string[];
}

interface Row {
  id: string;
  invoice_id: string;
  dust: boolean;
  tx_hash: string;
  log_index: number;
}

// Every transfer of the range in one statement, whatever their number. Unique on (network, tx hash, log index): a
// transfer seen again inserts nothing; one orphaned by a reorg and back in the canonical chain returns to
// `pending` at its new block.
const INSERT_SQL = `
INSERT INTO payments (id, invoice_id, network_id, asset, token_address, decimals, tx_hash, log_index, from_address,
                      to_address, amount, block_number, block_hash, status, dust, detected_at, updated_at)
SELECT t.id, t.invoice_id, $1, t.asset, t.token_address, t.decimals, t.tx_hash, t.log_index, t.from_address,
       t.to_address, t.amount::numeric, t.block_number::bigint, t.block_hash, 'pending', t.dust, $2::timestamp, $2::timestamp
  FROM jsonb_to_recordset($3::jsonb) AS t(id text, invoice_id text, asset text, token_address text, decimals int,
       tx_hash text, log_index int, from_address text, to_address text, amount text, block_number text, block_hash text,
       dust boolean, n int)
 ORDER BY t.n
ON CONFLICT (network_id, tx_hash, log_index) DO UPDATE
  SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, status = 'pending',
      reorged_at = NULL, confirmed_at = NULL, updated_at = EXCLUDED.updated_at
  WHERE payments.status = 'reorged'
RETURNING id, invoice_id, dust, tx_hash, log_index`;

/**
 * Insert found transfers as payments, in one statement. A transfer below its asset's minimum for the invoice
 * (dust-minimums.ts) is recorded as dust: no event, no invoice recomputation, only its ledger entry (the caller
 * runs postDustLedger on the returned ids). Every other payment that is new or back in the chain gets its
 * `payment.detected` event (events embed a bounded number of payments, so each costs the same whatever the
 * invoice received before). Returns the invoices to recompute and the dust payments to post.
 */
export async function recordTransfers(
  tx: Tx,
  networkId: string,
  found: FoundTransfer[],
  now: Date,
): Promise<RecordedTransfers> {
  const result: RecordedTransfers = { invoices: new Set(), dust: [] };
  // Transfers to customers' permanent addresses are deposits (server/deposits/record-deposits.ts), not payments.
  const transfers = found.filter((t): t is FoundTransfer & { invoiceId: string } => t.invoiceId !== null);
  if (transfers.length === 0) return result;
  const options = await tx.paymentOption.findMany({
    where: { invoiceId: { in: [...new Set(transfers.map((t) => t.invoiceId))] }, networkId },
    select: { invoiceId: true, asset: true, amount: true },
  });
  const optionAmount = new Map(options.map((o) => [`${o.invoiceId}/${o.asset}`, toBigInt(o.amount)]));
  const rows = transfers.map((t, n) => ({
    id: newId("pay"),
    invoice_id: t.invoiceId,
    asset: t.asset,
    token_address: t.tokenAddress,
    decimals: t.decimals,
    tx_hash: t.txHash.toLowerCase(),
    log_index: t.logIndex,
    from_address: t.from,
    to_address: t.to,
    amount: t.amount.toString(),
    block_number: t.blockNumber.toString(),
    block_hash: t.blockHash.toLowerCase(),
    dust: isDust(t.amount, { symbol: t.asset, decimals: t.decimals }, optionAmount.get(`${t.invoiceId}/${t.asset}`)),
    n,
  }));
  const inserted = await tx.$queryRawUnsafe<Row[]>(INSERT_SQL, networkId, now.toISOString(), JSON.stringify(rows));
  // Events in chain order (the order the transfers were found in).
  const position = new Map(rows.map((r) => [`${r.tx_hash}/${r.log_index}`, r.n]));
  const ordered = inserted
    .map((row) => ({ row, n: position.get(`${row.tx_hash}/${row.log_index}`)! }))
    .sort((a, b) => a.n - b.n);
  for (const { row, n } of ordered) {
    if (row.dust) {
      result.dust.push(row.id);
      continue;
    }
    const t = transfers[n]!;
    result.invoices.add(row.invoice_id);
    await recordInvoiceEvent(tx, {
      invoiceId: row.invoice_id,
      type: "payment.detected",
      cause: {
        source: "chain",
        network: networkId,
        payment_id: row.id,
        tx_hash: t.txHash,
        log_index: t.logIndex,
        block_number: t.blockNumber.toString(),
        block_hash: t.blockHash,
        amount_base_units: t.amount.toString(),
        asset: t.asset,
      },
    });
  }
  return result;
}
