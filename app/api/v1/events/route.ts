import { apiRoute, json, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { listEventsQuery } from "@/server/webhooks/event.schema";
import { listEvents } from "@/server/webhooks/list-events";

// GET /api/v1/events: the merchant's events, newest first; filters type and delivery_success
export const GET = apiRoute("events:read", async (request, auth) => {
  const query = readQuery(request, listEventsQuery);
  return json(200, await listEvents(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query }));
});
