import { apiRoute, json, readBody } from "@/server/api/rest";
import { db } from "@/server/db";
import { resendFailedDeliveries } from "@/server/webhooks/resend-failed-deliveries";
import { resendFailedDeliveriesRequest } from "@/server/webhooks/webhook-delivery.schema";

// POST /api/v1/webhook_endpoints/{id}/deliveries/resend: send the endpoint's failed deliveries of a time range again
export const POST = apiRoute<{ id: string }>("webhooks:write", async (request, auth, params) => {
  const body = await readBody(request, resendFailedDeliveriesRequest);
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  return json(200, await resendFailedDeliveries(db(), { scope, request: body }));
});
