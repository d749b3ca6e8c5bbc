import { inTransaction, type Db } from "../db";
import { createPayouts } from "./create-payouts";
import { payoutAmount, resolvePayoutAsset } from "./payout-asset";
import { payoutDestinations } from "../participants/payout-destinations";
import type { CreatePayoutRequest, PayoutResponse } from "./payout.schema";
import { serializePayout } from "./serialize-payout";

/**
 * Create one payout to an address (`POST /api/v1/payouts`) and return it as the API shows it. Test mode:
 * reserved at once and `queued`; live mode: `pending_approval`. Errors: 422 `unsupported_network`,
 * `unsupported_asset`, `parameter_invalid` (amount, address), `insufficient_balance`; 409
 * `payout_reference_exists`. Nothing is created on any error.
 */
export async function createPayout(
  db: Db,
  opts: { merchantId: string; livemode: boolean; createdBy: string; request: CreatePayoutRequest; now?: Date },
): Promise<PayoutResponse> {
  const req = opts.request;
  const target = resolvePayoutAsset({ livemode: opts.livemode, network: req.network, asset: req.asset });
  const [destination] = await payoutDestinations(db, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    items: [{ address: req.address, participant: req.participant, param: "" }],
  });
  const item = {
    amount: payoutAmount(req.amount, target.asset, "amount"),
    ...destination!,
    reference: req.reference ?? null,
    description: req.description ?? null,
    metadata: req.metadata ?? {},
    param: "reference",
  };
  const now = opts.now ?? new Date();
  const [payout] = await inTransaction(db, (tx) =>
    createPayouts(tx, {
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      createdBy: opts.createdBy,
      target,
      items: [item],
      now,
    }),
  );
  return serializePayout(payout!);
}
