import type { Tx } from "../db";
import { scheduleSelect, type ScheduleRecord } from "./schedule-record";

/**
 * Lock a schedule's row for the rest of the transaction and read it as it is now: every change of a
 * schedule (a period run, pause, resume, cancel) happens under this lock, so they apply one after another.
 * With `skipLocked`, a row another transaction holds is not waited for: null, as for a missing one (the
 * worker's tick moves on to the next due schedule; whoever holds it is running it).
 */
export async function lockSchedule(
  tx: Tx,
  opts: { id: string; merchantId?: string; livemode?: boolean; skipLocked?: boolean },
): Promise<ScheduleRecord | null> {
  const locked = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM invoice_schedules WHERE id = $1 FOR UPDATE${opts.skipLocked ? " SKIP LOCKED" : ""}`,
    opts.id,
  );
  if (locked.length === 0) return null;
  const record = await tx.invoiceSchedule.findUnique({ where: { id: opts.id }, select: scheduleSelect });
  if (!record) return null;
  if (opts.merchantId !== undefined && record.merchantId !== opts.merchantId) return null;
  if (opts.livemode !== undefined && record.livemode !== opts.livemode) return null;
  return record;
}
