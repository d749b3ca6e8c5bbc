import type { Event } from "../generated/prisma/client";

/** The public event object (docs/api.md) of a stored event: what webhooks deliver and the API returns. */
export function eventBody(event: Pick<Event, "id" | "type" | "createdAt" | "livemode" | "sequence" | "data">): Record<string, unknown> {
  return {
    id: event.id,
    object: "event",
    type: event.type,
    created_at: event.createdAt.toISOString(),
    livemode: event.livemode,
    sequence: event.sequence,
    data: event.data,
  };
}

/** The columns eventBody needs. */
export const eventBodySelect = { id: true, type: true, createdAt: true, livemode: true, sequence: true, data: true } as const;
