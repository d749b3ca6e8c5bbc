import type { Tx } from "../db";

/**
 * Enable a disabled endpoint again: its failure streak starts over, and the deliveries paused while
 * it was disabled become due now. Returns false when it was already enabled or is deleted.
 */
export async function enableWebhookEndpoint(tx: Tx, opts: { id: string; at: Date }): Promise<boolean> {
  const { count } = await tx.webhookEndpoint.updateMany({
    where: { id: opts.id, enabled: false, deletedAt: null },
    data: { enabled: true, disabledAt: null, disabledReason: null, failingSince: null },
  });
  if (count === 0) return false;
  await tx.webhookDelivery.updateMany({
    where: { endpointId: opts.id, status: "pending", nextAttemptAt: null },
    data: { nextAttemptAt: opts.at },
  });
  return true;
}
