import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { newRefundClaimLink } from "@/server/refunds/new-refund-claim-link";

// POST /api/v1/refunds/{id}/claim_link: a new claim link for a refund awaiting its address (the old one stops working)
export const POST = apiRoute<{ id: string }>("payouts:write", async (_request, auth, params) => {
  const refund = await newRefundClaimLink(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
  });
  return json(200, refund);
});
