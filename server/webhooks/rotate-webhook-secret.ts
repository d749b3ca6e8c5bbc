import type { Tx } from "../db";
import { sealSecret } from "../crypto/secret-box";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";
import { serializeWebhookEndpoint, webhookEndpointSelect } from "./serialize-webhook-endpoint";
import { generateWebhookSecret } from "./sign";
import type { WebhookEndpointWithSecretResponse } from "./webhook-endpoint.schema";

/** How long the previous secret keeps signing beside the new one after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/**
 * Give an endpoint a new signing secret, returned here once. The current secret keeps signing for
 * 24 hours beside the new one (the `webhook-signature` header then carries both), so the merchant
 * can deploy the new secret without losing a delivery. Rotating again during an overlap retires the
 * oldest secret at once: only the last two ever sign. Runs in the caller's transaction.
 */
export async function rotateWebhookSecret(
  tx: Tx,
  opts: { scope: EndpointScope; now?: Date },
): Promise<WebhookEndpointWithSecretResponse> {
  const at = opts.now ?? new Date();
  const endpoint = await findWebhookEndpointOrThrow(tx, opts.scope);
  const secret = generateWebhookSecret();
  // Read the current secret under a row lock, so two concurrent rotations keep a consistent pair.
  await tx.$queryRaw`SELECT id FROM webhook_endpoints WHERE id = ${endpoint.id} FOR UPDATE`;
  const { secretEncrypted } = await tx.webhookEndpoint.findUniqueOrThrow({
    where: { id: endpoint.id },
    select: { secretEncrypted: true },
  });
  const row = await tx.webhookEndpoint.update({
    where: { id: endpoint.id },
    data: {
      previousSecretEncrypted: secretEncrypted,
      previousSecretExpiresAt: new Date(at.getTime() + ROTATION_OVERLAP_MS),
      secretEncrypted: sealSecret(secret),
    },
    select: webhookEndpointSelect,
  });
  return { ...serializeWebhookEndpoint(row, at), secret };
}
