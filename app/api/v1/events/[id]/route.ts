import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getEventOrThrow } from "@/server/webhooks/get-event-or-throw";

// GET /api/v1/events/{id}: one event, the same object its webhooks carried
export const GET = apiRoute<{ id: string }>("events:read", async (_request, auth, params) => {
  return json(
    200,
    await getEventOrThrow(db(), { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode }),
  );
});
