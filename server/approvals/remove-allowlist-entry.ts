import { getAddress } from "viem";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { AppError } from "../errors";

/**
 * Take an address off the merchant's payout allowlist (pending or active; no code needed: removing trusts less).
 * Payouts to it created from then on wait for a person; those approved before keep their approval. Audited. Unknown,
 * another merchant's or mode's, or removed already: 404 `resource_missing`.
 */
export async function removeAllowlistEntry(
  tx: Tx,
  opts: { id: string; merchantId: string; livemode: boolean; actor: string; now: Date },
): Promise<void> {
  // The row lock orders this against a payout creation reading the entry (FOR SHARE in auto-approval.ts).
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM payout_allowlist_entries
     WHERE id = ${opts.id} AND merchant_id = ${opts.merchantId} AND livemode = ${opts.livemode} AND current_slot IS NOT NULL
       FOR UPDATE`;
  if (locked.length === 0)
    throw new AppError("resource_missing", `No such allowlist entry: '${opts.id}'.`, { param: "id" });
  const row = await tx.payoutAllowlistEntry.update({
    where: { id: opts.id },
    data: { currentSlot: null, removedAt: opts.now, removedBy: opts.actor },
  });
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    actor: opts.actor,
    action: "payout_allowlist.removed",
    targetType: "payout_allowlist_entry",
    targetId: opts.id,
    data: { address: getAddress(row.address), label: row.label, was_active: row.activeAt <= opts.now },
  });
}
