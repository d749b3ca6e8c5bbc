import { apiRoute, json, readBody } from "@/server/api/rest";
import { db, inTransaction } from "@/server/db";
import { deleteWebhookEndpoint } from "@/server/webhooks/delete-webhook-endpoint";
import { getWebhookEndpointOrThrow } from "@/server/webhooks/get-webhook-endpoint-or-throw";
import { updateWebhookEndpoint } from "@/server/webhooks/update-webhook-endpoint";
import { updateWebhookEndpointRequest } from "@/server/webhooks/webhook-endpoint.schema";

type Params = { id: string };

// GET /api/v1/webhook_endpoints/{id}: retrieve an endpoint (never its secret)
export const GET = apiRoute<Params>("webhooks:read", async (_request, auth, params) => {
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  return json(200, await getWebhookEndpointOrThrow(db(), scope));
});

// POST /api/v1/webhook_endpoints/{id}: update url, events, description, or disable / enable it
export const POST = apiRoute<Params>("webhooks:write", async (request, auth, params) => {
  const body = await readBody(request, updateWebhookEndpointRequest);
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  return json(200, await inTransaction(db(), (tx) => updateWebhookEndpoint(tx, { scope, request: body })));
});

// DELETE /api/v1/webhook_endpoints/{id}: delete an endpoint; it receives nothing from then on
export const DELETE = apiRoute<Params>("webhooks:write", async (_request, auth, params) => {
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  return json(200, await inTransaction(db(), (tx) => deleteWebhookEndpoint(tx, { scope })));
});
