import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { resendWebhookDelivery } from "@/server/webhooks/resend-webhook-delivery";

// POST /api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}/resend: send one delivery again now
export const POST = apiRoute<{ id: string; delivery_id: string }>("webhooks:write", async (_request, auth, params) => {
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  return json(200, await resendWebhookDelivery(db(), { scope, deliveryId: params.delivery_id }));
});
