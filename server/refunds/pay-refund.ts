import type { Tx } from "../db";
import type { Refund } from "../generated/prisma/client";
import { createPayouts } from "../payouts/create-payouts";
import { resolvePayoutAsset } from "../payouts/payout-asset";
import { toBigInt } from "../money";

/**
 * Pay a refund that has its address: one payout linked to it (payouts.refund_id), created through createPayouts so
 * approvals, the ledger reservation (on the refund's funding account, see refund-funding.ts) and exactly-once sending
 * apply as to any payout; the refund takes the payout's status. In the caller's transaction, the refund row locked.
 * Errors from createPayouts (422 `insufficient_balance`) leave nothing when the caller rolls back.
 */
export async function payRefund(
  tx: Tx,
  refund: Refund,
  opts: { createdBy: string; now: Date },
): Promise<Refund & { payoutId: string }> {
  if (!refund.address) throw new Error(`refund ${refund.id} has no address to pay`);
  const target = resolvePayoutAsset({ livemode: refund.livemode, network: refund.networkId, asset: refund.asset });
  const [payout] = await createPayouts(tx, {
    merchantId: refund.merchantId,
    livemode: refund.livemode,
    createdBy: opts.createdBy,
    target,
    items: [
      {
        amount: toBigInt(refund.amount),
        address: refund.address,
        description: `Refund ${refund.id} of invoice ${refund.invoiceId}`,
        param: "address",
      },
    ],
    refundId: refund.id,
    now: opts.now,
  });
  const updated = await tx.refund.update({
    where: { id: refund.id },
    data: { status: payout!.status, updatedAt: opts.now },
  });
  return { ...updated, payoutId: payout!.id };
}
