import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getPayoutBatchOrThrow } from "@/server/payouts/get-payout-batch-or-throw";

// GET /api/v1/payout_batches/{id}: retrieve a batch
export const GET = apiRoute<{ id: string }>("payouts:read", async (_request, auth, params) => {
  const batch = await getPayoutBatchOrThrow(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
  });
  return json(200, batch);
});
