import type { DbClient } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { ScheduleCadence } from "./schedule-periods";

/** The columns every schedule operation reads. */
export const scheduleSelect = {
  id: true,
  merchantId: true,
  livemode: true,
  status: true,
  amount: true,
  currency: true,
  currencyDecimals: true,
  interval: true,
  intervalCount: true,
  startAt: true,
  orderIdPrefix: true,
  description: true,
  metadata: true,
  paymentMethods: true,
  expiresIn: true,
  nextPeriod: true,
  nextRunAt: true,
  invoicesCreated: true,
  lastInvoiceId: true,
  failures: true,
  retryAt: true,
  lastError: true,
  pausedAt: true,
  cancelledAt: true,
  createdAt: true,
  customerId: true,
  customer: { select: { email: true } },
} satisfies Prisma.InvoiceScheduleSelect;

export type ScheduleRecord = Prisma.InvoiceScheduleGetPayload<{ select: typeof scheduleSelect }>;

/** The merchant's schedule in this mode, or null (another merchant's or mode's included). */
export function findSchedule(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<ScheduleRecord | null> {
  return db.invoiceSchedule.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
    select: scheduleSelect,
  });
}

/** What a schedule's period dates follow from. */
export function cadenceOf(record: Pick<ScheduleRecord, "startAt" | "interval" | "intervalCount">): ScheduleCadence {
  return { startAt: record.startAt, interval: record.interval, intervalCount: record.intervalCount };
}
