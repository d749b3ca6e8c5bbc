import { inTransaction, type Db } from "../db";
import { randomBase62 } from "../ids";
import { toDbDecimal } from "../money";
import { createPayouts, type NewPayout } from "./create-payouts";
import { payoutAmount, resolvePayoutAsset } from "./payout-asset";
import { payoutDestinations } from "../participants/payout-destinations";
import type { CreatePayoutBatchRequest, PayoutBatchResponse } from "./payout.schema";
import { serializePayoutBatch } from "./serialize-payout";

/** A new batch id, `pb_` and 22 base62 characters like every other id. */
export const newPayoutBatchId = () => `pb_${randomBase62(22)}`;

/**
 * Create a batch of 1 to 1,000 payouts of one network and asset (`POST /api/v1/payout_batches`). Every
 * item is checked before anything is written; the first bad one is a 422 whose `param` names it
 * (`items[3].amount`), a reference used before or twice a 409 `payout_reference_exists` naming it, more
 * than available (all items together) a 422 `insufficient_balance`. All or nothing, in one transaction.
 */
export async function createPayoutBatch(
  db: Db,
  opts: { merchantId: string; livemode: boolean; createdBy: string; request: CreatePayoutBatchRequest; now?: Date },
): Promise<PayoutBatchResponse> {
  const req = opts.request;
  const target = resolvePayoutAsset({ livemode: opts.livemode, network: req.network, asset: req.asset });
  const destinations = await payoutDestinations(db, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    items: req.items.map((item, i) => ({
      address: item.address,
      participant: item.participant,
      param: `items[${i}].`,
    })),
  });
  const items: NewPayout[] = req.items.map((item, i) => ({
    amount: payoutAmount(item.amount, target.asset, `items[${i}].amount`),
    ...destinations[i]!,
    reference: item.reference ?? null,
    param: `items[${i}].reference`,
  }));
  const now = opts.now ?? new Date();
  const total = items.reduce((sum, i) => sum + i.amount, 0n);
  return inTransaction(
    db,
    async (tx) => {
      const batch = await tx.payoutBatch.create({
        data: {
          id: newPayoutBatchId(),
          merchantId: opts.merchantId,
          livemode: opts.livemode,
          networkId: target.network.id,
          asset: target.asset.symbol,
          decimals: target.asset.decimals,
          total: toDbDecimal(total),
          count: items.length,
          createdBy: opts.createdBy,
          createdAt: now,
        },
      });
      const payouts = await createPayouts(tx, {
        merchantId: opts.merchantId,
        livemode: opts.livemode,
        createdBy: opts.createdBy,
        target,
        items,
        batchId: batch.id,
        now,
      });
      return serializePayoutBatch(batch, { [payouts[0]!.status]: payouts.length }, []);
    },
    { timeout: 60_000 },
  );
}
