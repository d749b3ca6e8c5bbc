import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { advanceSchedule } from "@/server/schedules/advance-schedule";

// POST /api/v1/invoice_schedules/{id}/advance: test mode only, run the schedule's next period now
export const POST = apiRoute<{ id: string }>("invoices:write", async (_request, auth, params) => {
  const schedule = await advanceSchedule(db(), { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode });
  return json(200, schedule);
});
