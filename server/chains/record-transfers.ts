import type { Tx } from "../db";
import { newId } from "../ids";
import { recordInvoiceEvent } from "../webhooks/record-event";
import type { FoundTransfer } from "./find-transfers";

/**
 * Insert found transfers as payments. Unique on (network, tx hash, log index): a transfer seen again
 * (a rescan, a second worker) inserts nothing; one that had been orphaned by a reorg and is now back
 * in the canonical chain returns to `pending` at its new block. Writes `payment.detected` for each
 * payment that is new or back, and returns the affected invoice ids.
 */
export async function recordTransfers(
  tx: Tx,
  networkId: string,
  transfers: FoundTransfer[],
  now: Date,
): Promise<Set<string>> {
  const affected = new Set<string>();
  for (const t of transfers) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO payments (id, invoice_id, network_id, asset, token_address, decimals, tx_hash, log_index,
                            from_address, to_address, amount, block_number, block_hash, status, detected_at, updated_at)
      VALUES (${newId("pay")}, ${t.invoiceId}, ${networkId}, ${t.asset}, ${t.tokenAddress}, ${t.decimals}, ${t.txHash.toLowerCase()},
              ${t.logIndex}, ${t.from}, ${t.to}, ${t.amount.toString()}::numeric, ${t.blockNumber}, ${t.blockHash.toLowerCase()},
              'pending', ${now}, ${now})
      ON CONFLICT (network_id, tx_hash, log_index) DO UPDATE
        SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, status = 'pending',
            reorged_at = NULL, confirmed_at = NULL, updated_at = EXCLUDED.updated_at
        WHERE payments.status = 'reorged'
      RETURNING id`;
    const row = rows[0];
    if (!row) continue;
    affected.add(t.invoiceId);
    await recordInvoiceEvent(tx, {
      invoiceId: t.invoiceId,
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
  return affected;
}
