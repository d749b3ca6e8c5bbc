import type { Tx } from "../db";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";
import type { DeletedWebhookEndpointResponse } from "./webhook-endpoint.schema";

/**
 * Delete an endpoint (softly: its delivery log stays for the record). From then on it receives
 * nothing, its pending deliveries stop, and the API answers 404 for it. Runs in the caller's transaction.
 */
export async function deleteWebhookEndpoint(
  tx: Tx,
  opts: { scope: EndpointScope; now?: Date },
): Promise<DeletedWebhookEndpointResponse> {
  const at = opts.now ?? new Date();
  const endpoint = await findWebhookEndpointOrThrow(tx, opts.scope);
  await tx.webhookEndpoint.updateMany({
    where: { id: endpoint.id, deletedAt: null },
    data: { deletedAt: at, enabled: false, disabledAt: at, disabledReason: "Deleted." },
  });
  await tx.webhookDelivery.updateMany({
    where: { endpointId: endpoint.id, status: "pending" },
    data: { nextAttemptAt: null },
  });
  return { id: endpoint.id, object: "webhook_endpoint", deleted: true };
}
