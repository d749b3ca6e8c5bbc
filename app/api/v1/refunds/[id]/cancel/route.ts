import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { cancelRefund } from "@/server/refunds/cancel-refund";

// POST /api/v1/refunds/{id}/cancel: cancel a refund before its payout is submitted
export const POST = apiRoute<{ id: string }>("payouts:write", async (_request, auth, params) => {
  const refund = await cancelRefund(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    actor: auth.keyId,
  });
  return json(200, refund);
});
