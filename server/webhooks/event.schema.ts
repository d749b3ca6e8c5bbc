import { z } from "zod";
import { listParams } from "../api/pagination";
import { eventTypes } from "./event-types";

/** Query of `GET /api/v1/events`. */
export const listEventsQuery = listParams
  .extend({
    type: z.enum(eventTypes).optional(),
    /** "false": events that some (undeleted) endpoint has not accepted yet; "true": events every endpoint accepted. */
    delivery_success: z.enum(["true", "false"]).optional(),
  })
  .strict();
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

/** The event object (docs/api.md): the same JSON a webhook delivers. */
export const eventResponse = z.object({
  id: z.string(),
  object: z.literal("event"),
  type: z.string(),
  created_at: z.string(),
  livemode: z.boolean(),
  /** Increasing per invoice; null for events that belong to no invoice. */
  sequence: z.number().int().nullable(),
  data: z.object({ object: z.record(z.string(), z.unknown()), previous_attributes: z.record(z.string(), z.unknown()).optional() }),
});
export type EventResponse = z.infer<typeof eventResponse>;
