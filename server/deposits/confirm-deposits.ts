import type { Network } from "../chains/networks";
import { inTransaction, type Db } from "../db";
import { loadCursorHeights } from "../invoices/invoice-record";
import { settleDepositLedger } from "./deposit-ledger";
import { recordDepositEvent } from "./record-deposit-event";

/**
 * Confirm the network's deposits whose block has reached its required confirmations (counted against the scanned
 * height): `pending` → `confirmed` with a `deposit.confirmed` event; deposits below the minimum get their
 * `confirmed_at` and keep their status. Their ledger entries are posted (credited to the merchant's available and the
 * customer's sub-account, or to dust). At most `limit` (default 500) per call, oldest first, so a transaction stays
 * bounded. Conditional updates: two confirmers never confirm one deposit twice. Returns how many were confirmed.
 */
export async function confirmDeposits(db: Db, network: Network, opts: { now: Date; limit?: number }): Promise<number> {
  return inTransaction(db, async (tx) => {
    const heights = await loadCursorHeights(tx);
    const height = heights.get(network.id);
    if (height === undefined) return 0;
    const deepest = height - BigInt(network.confirmations) + 1n;
    const ready = await tx.deposit.findMany({
      where: {
        networkId: network.id,
        blockNumber: { lte: deepest },
        OR: [{ status: "pending" }, { status: "below_minimum", confirmedAt: null }],
      },
      select: { id: true },
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
      take: opts.limit ?? 500,
    });
    if (ready.length === 0) return 0;
    const ids = ready.map((r) => r.id);
    const confirmed = await tx.$queryRaw<{ id: string }[]>`
      UPDATE deposits
         SET status = CASE WHEN status = 'pending' THEN 'confirmed'::"DepositStatus" ELSE status END,
             confirmed_at = ${opts.now}, updated_at = ${opts.now}
       WHERE id = ANY(${ids}) AND confirmed_at IS NULL AND status IN ('pending', 'below_minimum')
      RETURNING id`;
    const done = confirmed.map((r) => r.id);
    await settleDepositLedger(tx, { depositIds: done, now: opts.now });
    const rows = await tx.deposit.findMany({
      where: { id: { in: done }, status: "confirmed" },
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    });
    for (const d of rows) {
      await recordDepositEvent(tx, {
        deposit: d,
        type: "deposit.confirmed",
        heights,
        at: opts.now,
        cause: {
          source: "chain",
          network: network.id,
          deposit_id: d.id,
          tx_hash: d.txHash,
          log_index: d.logIndex,
          block_number: d.blockNumber.toString(),
          scanned_height: height.toString(),
          required_confirmations: network.confirmations,
        },
      });
    }
    return rows.length;
  });
}
