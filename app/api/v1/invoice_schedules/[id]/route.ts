import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getScheduleOrThrow } from "@/server/schedules/get-schedule-or-throw";

// GET /api/v1/invoice_schedules/{id}: retrieve an invoice schedule
export const GET = apiRoute<{ id: string }>("invoices:read", async (_request, auth, params) => {
  const schedule = await getScheduleOrThrow(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
  });
  return json(200, schedule);
});
