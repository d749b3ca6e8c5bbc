import type { DbTx } from "../db";
import { AppError } from "../errors";
import { newId } from "../ids";
import { sealSecret } from "../crypto/secret-box";
import { generateWebhookSecret } from "./sign";
import type { CreateWebhookEndpointRequest, WebhookEndpointResponse } from "./webhook-endpoint.schema";

/**
 * Register a webhook endpoint and return it with its signing secret: the only time the secret is
 * shown (it is stored encrypted). Live-mode URLs must be https.
 */
export async function createWebhookEndpoint(
  tx: DbTx,
  opts: { merchantId: string; livemode: boolean; request: CreateWebhookEndpointRequest },
): Promise<WebhookEndpointResponse & { secret: string }> {
  const url = new URL(opts.request.url);
  if (opts.livemode && url.protocol !== "https:") {
    throw new AppError("parameter_invalid", "Live-mode webhook endpoints must use https.", { param: "url" });
  }
  const secret = generateWebhookSecret();
  const row = await tx.webhookEndpoint.create({
    data: {
      id: newId("we"),
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      url: url.toString(),
      description: opts.request.description ?? null,
      events: opts.request.events,
      secretEncrypted: sealSecret(secret),
    },
    select: { id: true, livemode: true, url: true, description: true, events: true, enabled: true, createdAt: true },
  });
  return {
    id: row.id,
    object: "webhook_endpoint",
    livemode: row.livemode,
    url: row.url,
    description: row.description,
    events: row.events,
    status: row.enabled ? "enabled" : "disabled",
    created_at: row.createdAt.toISOString(),
    secret,
  };
}
