import type { Tx } from "../db";

/**
 * Move a pending transfer to `posted` or `voided` (its accounts' pending totals move to posted, or go
 * away). A transfer that is not pending is left as it is. Returns whether it changed.
 */
export async function settleTransfer(
  tx: Tx,
  opts: { key: string; to: "posted" | "voided"; at: Date },
): Promise<boolean> {
  const { count } = await tx.ledgerTransfer.updateMany({
    where: { key: opts.key, status: "pending" },
    data: opts.to === "posted" ? { status: "posted", postedAt: opts.at } : { status: "voided", voidedAt: opts.at },
  });
  return count === 1;
}
