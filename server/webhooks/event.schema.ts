import { z } from "zod";
import { listParams } from "../db/pagination";
import { eventTypes } from "./event-types";

/** Query of `GET /api/v1/events`. */
export const listEventsQuery = listParams
  .extend({
    type: z.enum(eventTypes).optional().meta({ description: "Only events of this type." }),
    // "false" counts only endpoints that are not deleted.
    delivery_success: z.enum(["true", "false"]).optional().meta({
      description: "`false`: events some endpoint has not accepted yet; `true`: events every endpoint accepted.",
    }),
  })
  .strict();
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

/** The event object (docs/api.md): the same JSON a webhook delivers. */
export const eventResponse = z.object({
  id: z.string(),
  object: z.literal("event"),
  type: z.string().meta({ description: 'What happened, such as "invoice.paid".' }),
  created_at: z.string(),
  livemode: z.boolean(),
  sequence: z
    .number()
    .int()
    .nullable()
    .meta({ description: "Increasing per invoice; null for events that belong to no invoice." }),
  data: z.object({
    object: z
      .record(z.string(), z.unknown())
      .meta({ description: "The object as it was right after the event, such as the invoice." }),
    previous_attributes: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: "The fields that changed, with their values before the event." }),
  }),
});
export type EventResponse = z.infer<typeof eventResponse>;
