import type { Tx } from "../db";
import { settleTransfer } from "../ledger/settle-transfer";
import { settleSweeps } from "./settle-sweeps";

/**
 * Give up on sweep items that are not confirmed: each is marked failed with `reason`, its pending ledger transfer
 * (`sweep:{itemId}`) is voided, and its sweep settles (the requester's `failed` handler once none is in flight).
 */
export async function failSweepItems(tx: Tx, itemIds: readonly string[], reason: string, now: Date): Promise<void> {
  const items = await tx.sweepItem.findMany({
    where: { id: { in: [...itemIds] }, status: { notIn: ["confirmed", "failed"] } },
    select: { id: true, sweepId: true },
  });
  if (items.length === 0) return;
  await tx.sweepItem.updateMany({
    where: { id: { in: items.map((i) => i.id) } },
    data: { status: "failed", failureReason: reason, batchId: null },
  });
  for (const item of items) await settleTransfer(tx, { key: `sweep:${item.id}`, to: "voided", at: now });
  await settleSweeps(
    tx,
    items.map((i) => i.sweepId),
    now,
  );
}
