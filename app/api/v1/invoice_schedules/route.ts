import { apiRoute, json, readBody, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { createSchedule } from "@/server/schedules/create-schedule";
import { createScheduleRequest, listSchedulesQuery } from "@/server/schedules/invoice-schedule.schema";
import { listSchedules } from "@/server/schedules/list-schedules";

// POST /api/v1/invoice_schedules: create an invoice schedule (a plan renewal)
export const POST = apiRoute("invoices:write", async (request, auth) => {
  const body = await readBody(request, createScheduleRequest);
  const schedule = await createSchedule(db(), { merchantId: auth.merchantId, livemode: auth.livemode, request: body });
  return json(201, schedule);
});

// GET /api/v1/invoice_schedules: the merchant's schedules in this mode, newest first
export const GET = apiRoute("invoices:read", async (request, auth) => {
  const query = readQuery(request, listSchedulesQuery);
  const page = await listSchedules(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query });
  return json(200, { object: "list", ...page });
});
