import type { Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { newId } from "../ids";
import type { EventType } from "./event-types";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";

/**
 * Send one test event to one endpoint: an event of the chosen type whose object is a sample marked
 * `metadata.payrail_test = "true"` (ids `inv_test…`, no order id, amount 0), delivered to this
 * endpoint only, signed and retried like any other. Its cause records that a person sent it from the
 * dashboard. A disabled endpoint is a 409 `endpoint_disabled`.
 */
export async function sendTestWebhook(
  tx: Tx,
  opts: { scope: EndpointScope; type: EventType; actor: string; now?: Date },
): Promise<{ eventId: string; deliveryId: string }> {
  const now = opts.now ?? new Date();
  const endpoint = await findWebhookEndpointOrThrow(tx, opts.scope);
  if (!endpoint.enabled)
    throw new AppError("endpoint_disabled", "This endpoint is disabled: enable it before sending it a test event.");
  const eventId = newId("evt");
  const sampleId = `inv_test${eventId.slice(4, 18)}`;
  const object = {
    id: sampleId,
    object: "invoice",
    livemode: opts.scope.livemode,
    status: opts.type.startsWith("invoice.") ? opts.type.slice("invoice.".length) : "paid",
    amount: "0.00",
    currency: "USDC",
    order_id: null,
    description: "Test event sent from the Payrail dashboard",
    metadata: { payrail_test: "true" },
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await tx.event.create({
    data: {
      id: eventId,
      merchantId: opts.scope.merchantId,
      livemode: opts.scope.livemode,
      type: opts.type,
      data: { object },
      cause: { source: "dashboard", action: "test_webhook", actor: opts.actor, endpoint_id: endpoint.id },
      createdAt: now,
    },
  });
  const deliveryId = newId("wd");
  await tx.webhookDelivery.create({ data: { id: deliveryId, eventId, endpointId: endpoint.id, nextAttemptAt: now } });
  await recordAudit(tx, {
    merchantId: opts.scope.merchantId,
    livemode: opts.scope.livemode,
    actor: opts.actor,
    action: "webhook_endpoint.test_sent",
    targetType: "webhook_endpoint",
    targetId: endpoint.id,
    data: { event_id: eventId, type: opts.type },
  });
  return { eventId, deliveryId };
}
