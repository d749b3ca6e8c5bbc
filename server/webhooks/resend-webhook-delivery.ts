import type { DbClient } from "../db";
import { AppError } from "../errors";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";
import { getWebhookDeliveryOrThrow } from "./get-webhook-delivery-or-throw";
import type { WebhookDeliveryResponse } from "./webhook-delivery.schema";

/**
 * Send one delivery again, now, whatever its status: it becomes pending and due, and the worker makes
 * the attempt (recorded like any other). If that attempt fails, the delivery carries on with the
 * retries its schedule has left: none after the last, so a resent failed delivery gets exactly one
 * more attempt. A disabled endpoint is a 409 `endpoint_disabled`: enable it first.
 */
export async function resendWebhookDelivery(
  db: DbClient,
  opts: { scope: EndpointScope; deliveryId: string; now?: Date },
): Promise<WebhookDeliveryResponse> {
  const endpoint = await findWebhookEndpointOrThrow(db, opts.scope);
  if (!endpoint.enabled) throw endpointDisabledError(endpoint.id);
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: opts.deliveryId, endpointId: endpoint.id },
    data: { status: "pending", nextAttemptAt: opts.now ?? new Date() },
  });
  if (count === 0)
    throw new AppError("resource_missing", `No such webhook delivery: '${opts.deliveryId}'.`, { param: "delivery_id" });
  return getWebhookDeliveryOrThrow(db, opts);
}

/** The 409 for a resend to a disabled endpoint, which would receive nothing. */
export function endpointDisabledError(id: string): AppError {
  return new AppError(
    "endpoint_disabled",
    `Webhook endpoint '${id}' is disabled: enable it (POST with "disabled": false) before resending to it.`,
  );
}
