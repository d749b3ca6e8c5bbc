import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getRefundOrThrow } from "@/server/refunds/get-refund-or-throw";

// GET /api/v1/refunds/{id}
export const GET = apiRoute<{ id: string }>("payouts:read", async (_request, auth, params) => {
  const refund = await getRefundOrThrow(db(), { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode });
  return json(200, refund);
});
