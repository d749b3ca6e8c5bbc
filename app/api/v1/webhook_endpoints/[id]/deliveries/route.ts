import { apiRoute, json, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { listWebhookDeliveries } from "@/server/webhooks/list-webhook-deliveries";
import { listWebhookDeliveriesQuery } from "@/server/webhooks/webhook-delivery.schema";

// GET /api/v1/webhook_endpoints/{id}/deliveries: the endpoint's delivery log, newest first, with every attempt
export const GET = apiRoute<{ id: string }>("webhooks:read", async (request, auth, params) => {
  const query = readQuery(request, listWebhookDeliveriesQuery);
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  return json(200, await listWebhookDeliveries(db(), { scope, query }));
});
