import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { resumeSchedule } from "@/server/schedules/resume-schedule";

// POST /api/v1/invoice_schedules/{id}/resume: resume a paused schedule
export const POST = apiRoute<{ id: string }>("invoices:write", async (_request, auth, params) => {
  const schedule = await resumeSchedule(db(), { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode });
  return json(200, schedule);
});
