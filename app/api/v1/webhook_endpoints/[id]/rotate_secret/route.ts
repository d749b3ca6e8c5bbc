import { apiRoute, json } from "@/server/api/rest";
import { db, inTransaction } from "@/server/db";
import { rotateWebhookSecret } from "@/server/webhooks/rotate-webhook-secret";

// POST /api/v1/webhook_endpoints/{id}/rotate_secret: a new secret, shown once; the old one signs for 24 h more
export const POST = apiRoute<{ id: string }>("webhooks:write", async (_request, auth, params) => {
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  return json(200, await inTransaction(db(), (tx) => rotateWebhookSecret(tx, { scope })));
});
