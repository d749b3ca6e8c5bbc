import { inTransaction, type Db } from "../db";
import { AppError } from "../errors";
import { hashRefundClaimToken, newRefundClaimToken, REFUND_CLAIM_TTL_MS } from "./refund-claim-token";
import type { RefundResponse } from "./refund.schema";
import { serializeRefund } from "./serialize-refund";

/**
 * A new claim link for a refund still `awaiting_address` (`POST /api/v1/refunds/{id}/claim_link`, the dashboard's
 * "New claim link"): only the link's hash is stored, so a lost link is replaced, never shown again. The previous link
 * stops working; the new one is valid 30 days. Another status is a 409 `conflict`; another merchant's refund a 404.
 */
export async function newRefundClaimLink(
  db: Db,
  opts: { id: string; merchantId: string; livemode: boolean; now?: Date },
): Promise<RefundResponse> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM refunds WHERE id = ${opts.id} FOR UPDATE`;
    const refund = await tx.refund.findFirst({
      where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
    });
    if (!refund) throw new AppError("resource_missing", `No such refund: '${opts.id}'.`, { param: "id" });
    if (refund.status !== "awaiting_address")
      throw new AppError("conflict", `The refund is ${refund.status}: only one awaiting its address has a claim link.`);
    const token = newRefundClaimToken();
    const updated = await tx.refund.update({
      where: { id: refund.id },
      data: {
        claimTokenHash: hashRefundClaimToken(token),
        claimExpiresAt: new Date(now.getTime() + REFUND_CLAIM_TTL_MS),
        updatedAt: now,
      },
    });
    return serializeRefund(updated, { payoutId: null, claimToken: token });
  });
}
