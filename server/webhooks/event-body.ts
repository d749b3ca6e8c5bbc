import type { Event } from "../generated/prisma/client";
import type { EventResponse } from "./event.schema";

/** The public event object (docs/api.md) of a stored event: what webhooks deliver and the API returns. */
export function eventBody(
  event: Pick<Event, "id" | "type" | "createdAt" | "livemode" | "sequence" | "data">,
): EventResponse {
  return {
    id: event.id,
    object: "event" as const,
    type: event.type,
    created_at: event.createdAt.toISOString(),
    livemode: event.livemode,
    sequence: event.sequence,
    // Written only by writeEvent and the test-event sender: always `{ object, previous_attributes? }`.
    data: event.data as EventResponse["data"],
  };
}

/** The columns eventBody needs. */
export const eventBodySelect = {
  id: true,
  type: true,
  createdAt: true,
  livemode: true,
  sequence: true,
  data: true,
} as const;
