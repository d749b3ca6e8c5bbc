import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { autoWithdrawalSelect, serializeAutoWithdrawal } from "./serialize-auto-withdrawal";
import type { AutoWithdrawalResponse } from "./withdrawal.schema";

/**
 * Disable a rule (pending activation or active): no withdrawal starts under it from then on; one already
 * started finishes. Answers the rule with status `disabled`. Unknown, another merchant's or mode's, or already
 * disabled: 404 `resource_missing`.
 */
export async function deleteAutoWithdrawal(
  tx: Tx,
  opts: { id: string; merchantId: string; livemode: boolean; actor: string; now?: Date },
): Promise<AutoWithdrawalResponse> {
  const now = opts.now ?? new Date();
  // The row lock orders this against the worker planning a withdrawal under the same rule.
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM auto_withdrawals
     WHERE id = ${opts.id} AND merchant_id = ${opts.merchantId} AND livemode = ${opts.livemode} AND status <> 'disabled'
       FOR UPDATE`;
  if (locked.length === 0) throw new AppError("resource_missing", `No such auto-withdrawal: '${opts.id}'.`);
  const row = await tx.autoWithdrawal.update({
    where: { id: opts.id },
    data: { status: "disabled", currentSlot: null, disabledAt: now },
    select: autoWithdrawalSelect,
  });
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    actor: opts.actor,
    action: "auto_withdrawal.deleted",
    targetType: "auto_withdrawal",
    targetId: opts.id,
  });
  return serializeAutoWithdrawal(row, now);
}
