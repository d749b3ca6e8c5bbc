import { z } from "zod";
import { listParams } from "../db/pagination";
import { eventTypes } from "./event-types";

const url = z
  .url({ protocol: /^https?$/, error: "url must be an http(s) URL" })
  .max(2000)
  .meta({ description: "The http(s) URL that receives the events.", example: "https://example.com/webhooks/payrail" });
const events = z
  .array(z.enum(["*", ...eventTypes], { error: `not an event type: use "*" or one of ${eventTypes.join(", ")}` }))
  .min(1, 'list at least one event type, or ["*"] for all')
  .max(eventTypes.length)
  .refine((types) => !types.includes("*") || types.length === 1, '"*" (every event type) stands alone')
  .meta({ description: 'The event types to send, or `["*"]` for all of them.', example: ["invoice.paid"] });

/** Body of `POST /api/v1/webhook_endpoints`. */
export const createWebhookEndpointRequest = z.strictObject({
  url,
  events,
  description: z.string().max(500).optional().meta({ description: "Your note about the endpoint." }),
});
export type CreateWebhookEndpointRequest = z.infer<typeof createWebhookEndpointRequest>;

/** Body of `POST /api/v1/webhook_endpoints/{id}`: only the fields given change; `description: null` clears it. */
export const updateWebhookEndpointRequest = z.strictObject({
  url: url.optional(),
  events: events.optional(),
  description: z
    .string()
    .max(500)
    .nullable()
    .optional()
    .meta({ description: "Your note about the endpoint; `null` clears it." }),
  disabled: z.boolean().optional().meta({
    description:
      "`true` disables the endpoint (it receives nothing); `false` enables it again and resumes its pending deliveries.",
  }),
});
export type UpdateWebhookEndpointRequest = z.infer<typeof updateWebhookEndpointRequest>;

/** Query of `GET /api/v1/webhook_endpoints`. */
export const listWebhookEndpointsQuery = listParams.strict();

export const webhookEndpointResponse = z.object({
  id: z.string(),
  object: z.literal("webhook_endpoint"),
  livemode: z.boolean(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  status: z.enum(["enabled", "disabled"]),
  disabled_reason: z
    .string()
    .nullable()
    .meta({ description: "Why the endpoint is disabled: by the merchant, or automatically after failing for days." }),
  disabled_at: z.string().nullable(),
  failing_since: z
    .string()
    .nullable()
    .meta({ description: "Start of the current run of failed attempts, null while deliveries succeed." }),
  previous_secret_expires_at: z
    .string()
    .nullable()
    .meta({ description: "After a rotation, the previous secret also signs until then." }),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WebhookEndpointResponse = z.infer<typeof webhookEndpointResponse>;

/** The endpoint with its signing secret: the response of create and of rotate_secret, and nowhere else. */
export const webhookEndpointWithSecretResponse = webhookEndpointResponse.extend({
  secret: z
    .string()
    .meta({ description: "The signing secret (Standard Webhooks `whsec_...`): store it, it is not shown again." }),
});
export type WebhookEndpointWithSecretResponse = z.infer<typeof webhookEndpointWithSecretResponse>;

export const deletedWebhookEndpointResponse = z.object({
  id: z.string(),
  object: z.literal("webhook_endpoint"),
  deleted: z.literal(true),
});
export type DeletedWebhookEndpointResponse = z.infer<typeof deletedWebhookEndpointResponse>;
