import type { Db } from "../db";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";
import type { DeletedWebhookEndpointResponse } from "./webhook-endpoint.schema";

/**
 * Delete an endpoint (softly: its delivery log stays for the record). From then on it receives
 * nothing, its pending deliveries stop, and the API answers 404 for it.
 */
export async function deleteWebhookEndpoint(db: Db, opts: { scope: EndpointScope; now?: Date }): Promise<DeletedWebhookEndpointResponse> {
  const at = opts.now ?? new Date();
  const endpoint = await findWebhookEndpointOrThrow(db, opts.scope);
  await db.$transaction([
    db.webhookEndpoint.updateMany({ where: { id: endpoint.id, deletedAt: null }, data: { deletedAt: at, enabled: false, disabledAt: at, disabledReason: "Deleted." } }),
    db.webhookDelivery.updateMany({ where: { endpointId: endpoint.id, status: "pending" }, data: { nextAttemptAt: null } }),
  ]);
  return { id: endpoint.id, object: "webhook_endpoint", deleted: true };
}
