import type { Tx } from "../db";
import { newId } from "../ids";
import { sealSecret } from "../crypto/secret-box";
import { checkWebhookEndpointQuota } from "./check-webhook-endpoint-quota";
import { resolveWebhookTarget, type HostLookup } from "./resolve-webhook-target";
import { serializeWebhookEndpoint, webhookEndpointSelect } from "./serialize-webhook-endpoint";
import { generateWebhookSecret } from "./sign";
import type { CreateWebhookEndpointRequest, WebhookEndpointWithSecretResponse } from "./webhook-endpoint.schema";

/**
 * Register a webhook endpoint and return it with its signing secret: the only time, with rotation,
 * that the secret is shown (it is stored encrypted). The URL must pass the SSRF policy (live mode:
 * https, public addresses only), else a 422 `url_not_allowed`. A merchant with MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT
 * endpoints in this mode gets a 409 `webhook_endpoint_limit_reached`.
 */
export async function createWebhookEndpoint(
  tx: Tx,
  opts: { merchantId: string; livemode: boolean; request: CreateWebhookEndpointRequest; lookup?: HostLookup },
): Promise<WebhookEndpointWithSecretResponse> {
  await checkWebhookEndpointQuota(tx, { merchantId: opts.merchantId, livemode: opts.livemode });
  const url = new URL(opts.request.url);
  await resolveWebhookTarget(url, { livemode: opts.livemode, lookup: opts.lookup });
  const secret = generateWebhookSecret();
  const row = await tx.webhookEndpoint.create({
    data: {
      id: newId("we"),
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      url: url.toString(),
      description: opts.request.description ?? null,
      events: [...new Set<string>(opts.request.events)],
      secretEncrypted: sealSecret(secret),
    },
    select: webhookEndpointSelect,
  });
  return { ...serializeWebhookEndpoint(row), secret };
}
