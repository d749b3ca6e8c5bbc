import type { DbClient } from "../db";
import { AppError } from "../errors";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";
import { endpointDisabledError } from "./resend-webhook-delivery";
import type { ResendFailedDeliveriesRequest, ResendFailedDeliveriesResponse } from "./webhook-delivery.schema";

/**
 * Send again, now, every failed delivery of the endpoint created in [created_gte, created_lt) (to now
 * when open): after an outage, one call brings the receiver up to date. Each gets one more attempt
 * (their schedules are spent). A disabled endpoint is a 409 `endpoint_disabled`.
 */
export async function resendFailedDeliveries(
  db: DbClient,
  opts: { scope: EndpointScope; request: ResendFailedDeliveriesRequest; now?: Date },
): Promise<ResendFailedDeliveriesResponse> {
  const at = opts.now ?? new Date();
  const endpoint = await findWebhookEndpointOrThrow(db, opts.scope);
  if (!endpoint.enabled) throw endpointDisabledError(endpoint.id);
  if (opts.request.created_lt && new Date(opts.request.created_lt) <= new Date(opts.request.created_gte)) {
    throw new AppError("parameter_invalid", "created_lt must be later than created_gte.", { param: "created_lt" });
  }
  const createdAt = {
    gte: new Date(opts.request.created_gte),
    ...(opts.request.created_lt ? { lt: new Date(opts.request.created_lt) } : {}),
  };
  const { count } = await db.webhookDelivery.updateMany({
    where: { endpointId: endpoint.id, status: "failed", createdAt },
    data: { status: "pending", nextAttemptAt: at },
  });
  return { object: "webhook_delivery_resend", endpoint_id: endpoint.id, resent: count };
}
