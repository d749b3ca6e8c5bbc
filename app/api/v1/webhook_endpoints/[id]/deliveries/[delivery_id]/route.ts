import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getWebhookDeliveryOrThrow } from "@/server/webhooks/get-webhook-delivery-or-throw";

// GET /api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}: one delivery with its attempts
export const GET = apiRoute<{ id: string; delivery_id: string }>("webhooks:read", async (_request, auth, params) => {
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  return json(200, await getWebhookDeliveryOrThrow(db(), { scope, deliveryId: params.delivery_id }));
});
