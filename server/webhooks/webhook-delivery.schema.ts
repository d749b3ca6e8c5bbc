import { z } from "zod";
import { listParams } from "../api/pagination";

const deliveryStatus = z.enum(["pending", "succeeded", "failed"]);

/** Query of `GET /api/v1/webhook_endpoints/{id}/deliveries`. */
export const listWebhookDeliveriesQuery = listParams
  .extend({ status: deliveryStatus.optional(), event_id: z.string().min(1).max(100).optional() })
  .strict();
export type ListWebhookDeliveriesQuery = z.infer<typeof listWebhookDeliveriesQuery>;

/** Body of `POST /api/v1/webhook_endpoints/{id}/deliveries/resend`: the failed deliveries created in [created_gte, created_lt). */
export const resendFailedDeliveriesRequest = z.strictObject({
  created_gte: z.iso.datetime({ offset: true }),
  created_lt: z.iso.datetime({ offset: true }).optional(),
});
export type ResendFailedDeliveriesRequest = z.infer<typeof resendFailedDeliveriesRequest>;

export const webhookAttemptResponse = z.object({
  id: z.string(),
  object: z.literal("webhook_attempt"),
  attempted_at: z.string(),
  /** null when no HTTP response came (refused connection, timeout, address not allowed). */
  status_code: z.number().int().nullable(),
  latency_ms: z.number().int(),
  /** The first KB of the response body. */
  response_body: z.string().nullable(),
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
  /** null once the delivery succeeded or failed, and while its endpoint is disabled. */
  next_attempt_at: z.string().nullable(),
  succeeded_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Every attempt, oldest first. */
  attempts: z.array(webhookAttemptResponse),
});
export type WebhookDeliveryResponse = z.infer<typeof webhookDeliveryResponse>;

export const resendFailedDeliveriesResponse = z.object({
  object: z.literal("webhook_delivery_resend"),
  endpoint_id: z.string(),
  /** How many failed deliveries were scheduled to be sent again now. */
  resent: z.number().int(),
});
export type ResendFailedDeliveriesResponse = z.infer<typeof resendFailedDeliveriesResponse>;
