import { listOf, type OpenApiSection } from "../api/openapi-operation";
import { eventResponse, listEventsQuery } from "./event.schema";

/** The event routes of the public API (app/api/v1/events), as server/api/openapi.ts documents them. */
export const eventsOpenApi: OpenApiSection = {
  tags: [{ name: "Events", description: "Everything that happened, as webhooks deliver it." }],
  schemas: { Event: eventResponse },
  operations: [
    {
      method: "get",
      path: "/api/v1/events",
      operationId: "listEvents",
      tag: "Events",
      summary: "List events",
      query: listEventsQuery,
      response: { status: 200, schema: listOf("Event", eventResponse), description: "A list of events." },
    },
    {
      method: "get",
      path: "/api/v1/events/{id}",
      operationId: "retrieveEvent",
      tag: "Events",
      summary: "Retrieve an event",
      description: "The same object its webhooks carried.",
      response: { status: 200, schema: eventResponse, description: "The event." },
    },
  ],
};
