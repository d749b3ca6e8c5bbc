import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { cancelSchedule } from "@/server/schedules/cancel-schedule";

// POST /api/v1/invoice_schedules/{id}/cancel: cancel a schedule for good
export const POST = apiRoute<{ id: string }>("invoices:write", async (_request, auth, params) => {
  const schedule = await cancelSchedule(db(), { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode });
  return json(200, schedule);
});
