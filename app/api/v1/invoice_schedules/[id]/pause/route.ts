import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { pauseSchedule } from "@/server/schedules/pause-schedule";

// POST /api/v1/invoice_schedules/{id}/pause: pause an active schedule
export const POST = apiRoute<{ id: string }>("invoices:write", async (_request, auth, params) => {
  const schedule = await pauseSchedule(db(), { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode });
  return json(200, schedule);
});
