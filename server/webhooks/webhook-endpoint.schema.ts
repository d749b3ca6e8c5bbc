import { z } from "zod";
import { eventTypes } from "./event-types";

/** Body of `POST /api/v1/webhook_endpoints`. */
export const createWebhookEndpointRequest = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: "url must be an http(s) URL" }).max(2000),
  events: z.union([z.tuple([z.literal("*")]), z.array(z.enum(eventTypes)).min(1).max(eventTypes.length)]),
  description: z.string().max(500).optional(),
});
export type CreateWebhookEndpointRequest = z.infer<typeof createWebhookEndpointRequest>;

export const webhookEndpointResponse = z.object({
  id: z.string(),
  object: z.literal("webhook_endpoint"),
  livemode: z.boolean(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  status: z.enum(["enabled", "disabled"]),
  created_at: z.string(),
});
export type WebhookEndpointResponse = z.infer<typeof webhookEndpointResponse>;
