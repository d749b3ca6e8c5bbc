import type { Tx } from "../db";
import { recordMerchantEvent } from "./record-merchant-event";
import { serializeWebhookEndpoint, webhookEndpointSelect } from "./serialize-webhook-endpoint";

/**
 * Disable an enabled endpoint: it receives nothing until enabled again, and its pending deliveries
 * are paused (no next attempt) rather than dropped. With `notify` (automatic disabling), a
 * `webhook_endpoint.disabled` event tells the merchant's other endpoints and the event log why.
 * Returns false when the endpoint was already disabled or deleted.
 */
export async function disableWebhookEndpoint(
  tx: Tx,
  opts: { id: string; reason: string; at: Date; notify: boolean },
): Promise<boolean> {
  const { count } = await tx.webhookEndpoint.updateMany({
    where: { id: opts.id, enabled: true, deletedAt: null },
    data: { enabled: false, disabledAt: opts.at, disabledReason: opts.reason },
  });
  if (count === 0) return false;
  await tx.webhookDelivery.updateMany({
    where: { endpointId: opts.id, status: "pending" },
    data: { nextAttemptAt: null },
  });
  if (opts.notify) {
    const row = await tx.webhookEndpoint.findUniqueOrThrow({
      where: { id: opts.id },
      select: { ...webhookEndpointSelect, merchantId: true },
    });
    const { merchantId, ...record } = row;
    await recordMerchantEvent(tx, {
      merchantId,
      livemode: row.livemode,
      type: "webhook_endpoint.disabled",
      object: serializeWebhookEndpoint(record, opts.at),
      cause: {
        kind: "webhook_endpoint_failing",
        endpoint_id: opts.id,
        failing_since: row.failingSince?.toISOString() ?? null,
      },
      at: opts.at,
    });
  }
  return true;
}
