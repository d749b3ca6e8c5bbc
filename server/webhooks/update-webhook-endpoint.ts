import type { Tx } from "../db";
import { disableWebhookEndpoint } from "./disable-webhook-endpoint";
import { enableWebhookEndpoint } from "./enable-webhook-endpoint";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";
import { resolveWebhookTarget, type HostLookup } from "./resolve-webhook-target";
import { serializeWebhookEndpoint } from "./serialize-webhook-endpoint";
import type { UpdateWebhookEndpointRequest, WebhookEndpointResponse } from "./webhook-endpoint.schema";

/**
 * Change an endpoint's url, events, description or disabled state (Stripe style: only what is given).
 * A new url passes the same SSRF policy as at creation. Disabling pauses its pending deliveries;
 * enabling resumes them and clears the failure streak. A deleted endpoint is a 404. Runs in the
 * caller's transaction; a new URL's DNS check comes before any write, so it holds no row lock.
 */
export async function updateWebhookEndpoint(
  tx: Tx,
  opts: { scope: EndpointScope; request: UpdateWebhookEndpointRequest; lookup?: HostLookup; now?: Date },
): Promise<WebhookEndpointResponse> {
  const at = opts.now ?? new Date();
  const current = await findWebhookEndpointOrThrow(tx, opts.scope);
  const { url, events, description, disabled } = opts.request;
  const newUrl = url === undefined ? undefined : new URL(url);
  if (newUrl) await resolveWebhookTarget(newUrl, { livemode: current.livemode, lookup: opts.lookup });

  await tx.webhookEndpoint.update({
    where: { id: current.id },
    data: {
      ...(newUrl ? { url: newUrl.toString() } : {}),
      ...(events ? { events: [...new Set<string>(events)] } : {}),
      ...(description !== undefined ? { description: description === "" ? null : description } : {}),
    },
  });
  if (disabled === true)
    await disableWebhookEndpoint(tx, { id: current.id, reason: "Disabled through the API.", at, notify: false });
  if (disabled === false) await enableWebhookEndpoint(tx, { id: current.id, at });
  return serializeWebhookEndpoint(await findWebhookEndpointOrThrow(tx, opts.scope), at);
}
