import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getPayoutOrThrow } from "@/server/payouts/get-payout-or-throw";

// GET /api/v1/payouts/{id}: retrieve a payout
export const GET = apiRoute<{ id: string }>("payouts:read", async (_request, auth, params) => {
  const payout = await getPayoutOrThrow(db(), { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode });
  return json(200, payout);
});
