import type { Prisma } from "../generated/prisma/client";
import type { WebhookEndpointResponse } from "./webhook-endpoint.schema";

/** The columns an endpoint's API object is made of: never the secrets. */
export const webhookEndpointSelect = {
  id: true,
  livemode: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  disabledAt: true,
  disabledReason: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.WebhookEndpointSelect;

export type WebhookEndpointRecord = Prisma.WebhookEndpointGetPayload<{ select: typeof webhookEndpointSelect }>;

/**
 * The API object of an endpoint. `previous_secret_expires_at` is shown only while the overlap lasts
 * (as of `now`).
 */
export function serializeWebhookEndpoint(row: WebhookEndpointRecord, now: Date = new Date()): WebhookEndpointResponse {
  const overlap = row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt : null;
  return {
    id: row.id,
    object: "webhook_endpoint",
    livemode: row.livemode,
    url: row.url,
    description: row.description,
    events: row.events,
    status: row.enabled ? "enabled" : "disabled",
    disabled_reason: row.enabled ? null : row.disabledReason,
    disabled_at: row.enabled ? null : (row.disabledAt?.toISOString() ?? null),
    failing_since: row.failingSince?.toISOString() ?? null,
    previous_secret_expires_at: overlap?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
