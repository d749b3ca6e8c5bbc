import type { Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import { openSecret } from "../crypto/secret-box";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";

/**
 * The endpoint's current signing secret, decrypted, for a person who needs to configure their
 * receiver again. Every reveal is recorded in the audit log. A deleted endpoint or another
 * merchant's is a 404.
 */
export async function revealWebhookSecret(
  tx: Tx,
  opts: { scope: EndpointScope; actor: string },
): Promise<{ secret: string }> {
  const endpoint = await findWebhookEndpointOrThrow(tx, opts.scope);
  const { secretEncrypted } = await tx.webhookEndpoint.findUniqueOrThrow({
    where: { id: endpoint.id },
    select: { secretEncrypted: true },
  });
  await recordAudit(tx, {
    merchantId: opts.scope.merchantId,
    livemode: opts.scope.livemode,
    actor: opts.actor,
    action: "webhook_endpoint.secret_revealed",
    targetType: "webhook_endpoint",
    targetId: endpoint.id,
  });
  return { secret: openSecret(secretEncrypted) };
}
