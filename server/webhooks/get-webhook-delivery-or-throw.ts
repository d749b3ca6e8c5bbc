import type { DbClient } from "../db";
import { AppError } from "../errors";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";
import { serializeWebhookDelivery, webhookDeliverySelect } from "./serialize-webhook-delivery";
import type { WebhookDeliveryResponse } from "./webhook-delivery.schema";

/** One delivery of the endpoint with its attempts; another endpoint's delivery, or a deleted endpoint, is a 404. */
export async function getWebhookDeliveryOrThrow(
  tx: DbClient,
  opts: { scope: EndpointScope; deliveryId: string },
): Promise<WebhookDeliveryResponse> {
  const endpoint = await findWebhookEndpointOrThrow(tx, opts.scope);
  const row = await tx.webhookDelivery.findFirst({
    where: { id: opts.deliveryId, endpointId: endpoint.id },
    select: webhookDeliverySelect,
  });
  if (!row)
    throw new AppError("resource_missing", `No such webhook delivery: '${opts.deliveryId}'.`, { param: "delivery_id" });
  return serializeWebhookDelivery(row);
}
