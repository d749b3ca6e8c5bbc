import { apiRoute, json, readBody } from "@/server/api/rest";
import { db } from "@/server/db";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { createWebhookEndpointRequest } from "@/server/webhooks/webhook-endpoint.schema";

// POST /api/v1/webhook_endpoints: register an endpoint; the response holds its secret, shown only here
export const POST = apiRoute(async (request, auth) => {
  const body = await readBody(request, createWebhookEndpointRequest);
  const endpoint = await createWebhookEndpoint(db(), { merchantId: auth.merchantId, livemode: auth.livemode, request: body });
  return json(201, endpoint);
});
