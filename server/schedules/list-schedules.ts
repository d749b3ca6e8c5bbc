import type { DbClient } from "../db";
import { paginate } from "../db/pagination";
import type { Prisma } from "../generated/prisma/client";
import type { ListSchedulesQuery, ScheduleResponse } from "./invoice-schedule.schema";
import { scheduleSelect } from "./schedule-record";
import { serializeSchedule } from "./serialize-schedule";

/**
 * One page of the merchant's schedules in one mode as the API returns them, newest first, optionally of
 * one status. A cursor must be one of the merchant's schedules in that mode (else 404).
 */
export async function listSchedules(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListSchedulesQuery },
): Promise<{ data: ScheduleResponse[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const where: Prisma.InvoiceScheduleWhereInput[] = [scope];
  if (opts.query.status) where.push({ status: opts.query.status });
  const page = await paginate(
    opts.query,
    (id) => db.invoiceSchedule.findFirst({ where: { id, ...scope }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      db.invoiceSchedule.findMany({
        where: { AND: cursor ? [...where, cursor] : where },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: scheduleSelect,
      }),
  );
  return { data: page.data.map(serializeSchedule), has_more: page.has_more };
}
