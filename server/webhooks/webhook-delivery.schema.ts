import { z } from "zod";
import { listParams } from "../db/pagination";

const deliveryStatus = z.enum(["pending", "succeeded", "failed"]);

/** Query of `GET /api/v1/webhook_endpoints/{id}/deliveries`. */
export const listWebhookDeliveriesQuery = listParams
  .extend({
    status: deliveryStatus.optional().meta({ description: "Only deliveries in this status." }),
    event_id: z.string().min(1).max(100).optional().meta({ description: "Only deliveries of this event." }),
  })
  .strict();
export type ListWebhookDeliveriesQuery = z.infer<typeof listWebhookDeliveriesQuery>;

/** Body of `POST /api/v1/webhook_endpoints/{id}/deliveries/resend`: the failed deliveries created in [created_gte, created_lt). */
export const resendFailedDeliveriesRequest = z.strictObject({
  created_gte: z.iso
    .datetime({ offset: true })
    .meta({ description: "Resend the failed deliveries created at or after this time (ISO 8601)." }),
  created_lt: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: "…and before this time (ISO 8601). Default: now." }),
});
export type ResendFailedDeliveriesRequest = z.infer<typeof resendFailedDeliveriesRequest>;

export const webhookAttemptResponse = z.object({
  id: z.string(),
  object: z.literal("webhook_attempt"),
  attempted_at: z.string(),
  status_code: z
    .number()
    .int()
    .nullable()
    .meta({ description: "null when no HTTP response came (refused connection, timeout, address not allowed)." }),
  latency_ms: z.number().int(),
  response_body: z.string().nullable().meta({ description: "The first KB of the response body." }),
  error: z.string().nullable(),
});

export const webhookDeliveryResponse = z.object({
  id: z.string(),
  object: z.literal("webhook_delivery"),
  endpoint_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  status: deliveryStatus,
  attempt_count: z.number().int(),
  next_attempt_at: z
    .string()
    .nullable()
    .meta({ description: "null once the delivery succeeded or failed, and while its endpoint is disabled." }),
  succeeded_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  attempts: z.array(webhookAttemptResponse).meta({ description: "Every attempt, oldest first." }),
});
export type WebhookDeliveryResponse = z.infer<typeof webhookDeliveryResponse>;

export const resendFailedDeliveriesResponse = z.object({
  object: z.literal("webhook_delivery_resend"),
  endpoint_id: z.string(),
  resent: z.number().int().meta({ description: "How many failed deliveries were scheduled to be sent again now." }),
});
export type ResendFailedDeliveriesResponse = z.infer<typeof resendFailedDeliveriesResponse>;
