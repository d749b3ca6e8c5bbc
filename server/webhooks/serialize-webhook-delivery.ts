import type { Prisma } from "../generated/prisma/client";
import type { WebhookDeliveryResponse } from "./webhook-delivery.schema";

/** The columns of a delivery's API object, with its event's type and its attempts in order. */
export const webhookDeliverySelect = {
  id: true,
  endpointId: true,
  eventId: true,
  status: true,
  attemptCount: true,
  nextAttemptAt: true,
  succeededAt: true,
  createdAt: true,
  updatedAt: true,
  event: { select: { type: true } },
  attempts: {
    orderBy: [{ attemptedAt: "asc" }, { id: "asc" }],
    select: { id: true, attemptedAt: true, statusCode: true, latencyMs: true, responseBody: true, error: true },
  },
} as const satisfies Prisma.WebhookDeliverySelect;

export type WebhookDeliveryRecord = Prisma.WebhookDeliveryGetPayload<{ select: typeof webhookDeliverySelect }>;

/** A delivery as the delivery log shows it. */
export function serializeWebhookDelivery(row: WebhookDeliveryRecord): WebhookDeliveryResponse {
  return {
    id: row.id,
    object: "webhook_delivery",
    endpoint_id: row.endpointId,
    event_id: row.eventId,
    event_type: row.event.type,
    status: row.status,
    attempt_count: row.attemptCount,
    next_attempt_at: row.status === "pending" ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    succeeded_at: row.succeededAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    attempts: row.attempts.map((a) => ({
      id: a.id,
      object: "webhook_attempt",
      attempted_at: a.attemptedAt.toISOString(),
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      response_body: a.responseBody,
      error: a.error,
    })),
  };
}
