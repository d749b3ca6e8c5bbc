import { apiRoute, json, readBody, readQuery } from "@/server/api/rest";
import { db, inTransaction } from "@/server/db";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { listWebhookEndpoints } from "@/server/webhooks/list-webhook-endpoints";
import { createWebhookEndpointRequest, listWebhookEndpointsQuery } from "@/server/webhooks/webhook-endpoint.schema";

// POST /api/v1/webhook_endpoints: register an endpoint; the response holds its secret, shown only here
export const POST = apiRoute("webhooks:write", async (request, auth) => {
  const body = await readBody(request, createWebhookEndpointRequest);
  const endpoint = await inTransaction(db(), (tx) =>
    createWebhookEndpoint(tx, { merchantId: auth.merchantId, livemode: auth.livemode, request: body }),
  );
  return json(201, endpoint);
});

// GET /api/v1/webhook_endpoints: the merchant's endpoints in the key's mode, newest first
export const GET = apiRoute("webhooks:read", async (request, auth) => {
  const params = readQuery(request, listWebhookEndpointsQuery);
  return json(200, await listWebhookEndpoints(db(), { merchantId: auth.merchantId, livemode: auth.livemode, params }));
});
