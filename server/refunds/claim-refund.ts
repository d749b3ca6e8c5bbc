import { inTransaction, type Db } from "../db";
import { AppError } from "../errors";
import { payoutAddress } from "../payouts/payout-asset";
import { payRefund } from "./pay-refund";
import { hashRefundClaimToken, REFUND_CLAIM_TOKEN } from "./refund-claim-token";

/**
 * The customer confirms the address of a refund through its claim link (the claim page's last step): once, before
 * the link expires. The refund gets the address and is paid as a payout created by whoever created the refund (so a
 * live-mode approval is still someone else's), in one transaction under the refund's row lock: two confirmations
 * racing make one payout. Errors: 404 `resource_missing` (no such link), 409 `conflict` (used, cancelled or
 * expired), 422 `parameter_invalid` on `address`, 422 `insufficient_balance` (nothing changes; the link still works).
 */
export async function claimRefund(
  db: Db,
  opts: { token: string; address: string; now?: Date },
): Promise<{ refundId: string; payoutId: string }> {
  const now = opts.now ?? new Date();
  if (!REFUND_CLAIM_TOKEN.test(opts.token)) throw new AppError("resource_missing", "No such claim link.");
  const address = payoutAddress(opts.address.trim(), "address");
  return inTransaction(db, async (tx) => {
    const hash = hashRefundClaimToken(opts.token);
    const rows = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM refunds WHERE claim_token_hash = ${hash} FOR UPDATE`;
    if (rows.length === 0) throw new AppError("resource_missing", "No such claim link.");
    const refund = await tx.refund.findUniqueOrThrow({ where: { id: rows[0]!.id } });
    if (refund.status !== "awaiting_address" || refund.claimedAt)
      throw new AppError("conflict", "This claim link was already used or the refund was cancelled.");
    if (!refund.claimExpiresAt || refund.claimExpiresAt.getTime() <= now.getTime())
      throw new AppError("conflict", "This claim link has expired.");
    const claimed = await tx.refund.update({
      where: { id: refund.id },
      data: { address, claimedAt: now, updatedAt: now },
    });
    const paid = await payRefund(tx, claimed, { createdBy: refund.createdBy, now });
    return { refundId: refund.id, payoutId: paid.payoutId };
  });
}
