import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { cancelPayout } from "@/server/payouts/cancel-payout";

// POST /api/v1/payouts/{id}/cancel: cancel a payout not yet handed to the sender
export const POST = apiRoute<{ id: string }>("payouts:write", async (_request, auth, params) => {
  const payout = await cancelPayout(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    actor: auth.keyId,
  });
  return json(200, payout);
});
