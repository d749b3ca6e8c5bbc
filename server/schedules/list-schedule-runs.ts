import type { DbClient } from "../db";
import { paginateBy, type ListParams } from "../db/pagination";
import { formatDecimal, toBigInt } from "../money";
import { noSuchSchedule } from "./get-schedule-or-throw";
import type { ScheduleRunRow } from "./schedule-run.schema";

/**
 * One page of a schedule's periods (created or skipped), latest first, each with its invoice's status:
 * for the dashboard's schedule detail. The schedule must be the merchant's in this mode (else 404).
 */
export async function listScheduleRuns(
  db: DbClient,
  opts: { scheduleId: string; merchantId: string; livemode: boolean; params: ListParams },
): Promise<{ data: ScheduleRunRow[]; has_more: boolean }> {
  const owner = await db.invoiceSchedule.findFirst({
    where: { id: opts.scheduleId, merchantId: opts.merchantId, livemode: opts.livemode },
    select: { id: true },
  });
  if (!owner) throw noSuchSchedule(opts.scheduleId);
  const scheduleId = owner.id;
  const page = await paginateBy(
    opts.params,
    async (id) => (/^\d{1,9}$/.test(id) ? Number(id) : null),
    (period, direction) => ({ period: direction === "after" ? { lt: period } : { gt: period } }),
    ({ cursor, reverse, take }) =>
      db.invoiceScheduleRun.findMany({
        where: { scheduleId, ...cursor },
        orderBy: { period: reverse ? "asc" : "desc" },
        take,
        select: {
          period: true,
          status: true,
          skipReason: true,
          dueAt: true,
          createdAt: true,
          invoice: {
            select: { id: true, status: true, amount: true, currency: true, currencyDecimals: true, orderId: true },
          },
        },
      }),
  );
  return {
    data: page.data.map((r) => ({
      id: String(r.period),
      period: r.period,
      status: r.status,
      skipReason: r.skipReason as ScheduleRunRow["skipReason"],
      dueAt: r.dueAt,
      createdAt: r.createdAt,
      invoice: r.invoice && {
        id: r.invoice.id,
        status: r.invoice.status,
        amount: formatDecimal(toBigInt(r.invoice.amount), r.invoice.currencyDecimals, 2),
        currency: r.invoice.currency,
        orderId: r.invoice.orderId,
      },
    })),
    has_more: page.has_more,
  };
}
