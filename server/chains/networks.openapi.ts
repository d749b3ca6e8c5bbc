import { listOf, type OpenApiSection } from "../api/openapi-operation";
import { networkResponse } from "./network.schema";

/** The networks route of the public API (app/api/v1/networks), as server/api/openapi.ts documents it. */
export const networksOpenApi: OpenApiSection = {
  tags: [{ name: "Networks", description: "The networks and assets customers can pay with." }],
  schemas: { Network: networkResponse },
  operations: [
    {
      method: "get",
      path: "/api/v1/networks",
      operationId: "listNetworks",
      tag: "Networks",
      summary: "List networks",
      description: "The networks enabled for the key's mode, with their assets. Not paginated.",
      response: { status: 200, schema: listOf("Network", networkResponse), description: "A list of networks." },
    },
  ],
};
