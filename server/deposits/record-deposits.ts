import type { Tx } from "../db";
import { assetMinimum } from "../chains/dust-minimums";
import type { FoundTransfer } from "../chains/find-transfers";
import { loadCursorHeights } from "../invoices/invoice-record";
import { newId } from "../ids";
import { toBigInt } from "../money";
import { memoInTransaction } from "../tx-memo";
import { postDepositLedger } from "./deposit-ledger";
import { recordDepositEvent } from "./record-deposit-event";

interface Row {
  id: string;
  tx_hash: string;
  log_index: number;
  below_minimum: boolean;
}

// Every deposit of the range in one statement. Unique on (network, tx hash, log index): a transfer seen again inserts
// nothing; one orphaned by a reorg and back in the canonical chain returns to `pending` (or `below_minimum`) at its
// new block.
const INSERT_SQL = `
INSERT INTO deposits (id, customer_id, merchant_id, livemode, network_id, asset, token_address, decimals, tx_hash,
                      log_index, from_address, to_address, amount, block_number, block_hash, status, below_minimum,
                      detected_at, updated_at)
SELECT t.id, t.customer_id, c.merchant_id, c.livemode, $1, t.asset, t.token_address, t.decimals, t.tx_hash, t.log_index,
       t.from_address, t.to_address, t.amount::numeric, t.block_number::bigint, t.block_hash,
       (CASE WHEN t.below_minimum THEN 'below_minimum' ELSE 'pending' END)::"DepositStatus", t.below_minimum,
       $2::timestamp, $2::timestamp
  FROM jsonb_to_recordset($3::jsonb) AS t(id text, customer_id text, asset text, token_address text, decimals int,
       tx_hash text, log_index int, from_address text, to_address text, amount text, block_number text, block_hash text,
       below_minimum boolean, n int)
  JOIN customers c ON c.id = t.customer_id
 ORDER BY t.n
ON CONFLICT (network_id, tx_hash, log_index) DO UPDATE
  SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, status = EXCLUDED.status,
      reorged_at = NULL, confirmed_at = NULL, updated_at = EXCLUDED.updated_at
  WHERE deposits.status = 'reorged'
RETURNING id, tx_hash, log_index, below_minimum`;

/**
 * Record transfers to customers' deposit addresses as deposits, in the scan's transaction and one statement: each is
 * `pending` (or `below_minimum` under its asset's minimum, server/chains/dust-minimums.ts), with its pending ledger
 * entries (deposit-ledger.ts) and, unless below the minimum, a `deposit.detected` event. A transfer already recorded
 * inserts nothing; one back in the chain after a reorg is recorded again at its new block. Returns how many were new
 * or back.
 */
export async function recordDeposits(tx: Tx, networkId: string, found: FoundTransfer[], now: Date): Promise<number> {
  // Only transfers to customers' addresses (the rest are invoices' payments: recordTransfers).
  const transfers = found.filter((t): t is FoundTransfer & { customerId: string } => t.customerId !== null);
  if (transfers.length === 0) return 0;
  const rows = transfers.map((t, n) => ({
    id: newId("dep"),
    customer_id: t.customerId,
    asset: t.asset,
    token_address: t.tokenAddress,
    decimals: t.decimals,
    tx_hash: t.txHash.toLowerCase(),
    log_index: t.logIndex,
    from_address: t.from.toLowerCase(),
    to_address: t.to.toLowerCase(),
    amount: t.amount.toString(),
    block_number: t.blockNumber.toString(),
    block_hash: t.blockHash.toLowerCase(),
    below_minimum: t.amount < assetMinimum({ symbol: t.asset, decimals: t.decimals }),
    n,
  }));
  const inserted = await tx.$queryRawUnsafe<Row[]>(INSERT_SQL, networkId, now.toISOString(), JSON.stringify(rows));
  if (inserted.length === 0) return 0;
  const deposits = await tx.deposit.findMany({
    where: { id: { in: inserted.map((r) => r.id) } },
    orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
  });
  await postDepositLedger(
    tx,
    deposits.map((d) => ({
      id: d.id,
      customerId: d.customerId,
      merchantId: d.merchantId,
      livemode: d.livemode,
      networkId: d.networkId,
      asset: d.asset,
      decimals: d.decimals,
      amount: toBigInt(d.amount),
      belowMinimum: d.belowMinimum,
      txHash: d.txHash,
      blockNumber: d.blockNumber,
      blockHash: d.blockHash,
    })),
    now,
  );
  const heights = await memoInTransaction(tx, "cursor-heights", () => loadCursorHeights(tx));
  for (const d of deposits) {
    if (d.belowMinimum) continue;
    await recordDepositEvent(tx, {
      deposit: d,
      type: "deposit.detected",
      heights,
      at: now,
      cause: {
        source: "chain",
        network: networkId,
        deposit_id: d.id,
        tx_hash: d.txHash,
        log_index: d.logIndex,
        block_number: d.blockNumber.toString(),
        block_hash: d.blockHash,
        amount_base_units: d.amount.toFixed(0),
        asset: d.asset,
      },
    });
  }
  return inserted.length;
}
