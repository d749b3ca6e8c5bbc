import { inTransaction, type Db } from "../db";
import { AppError } from "../errors";
import { noSuchSchedule } from "./get-schedule-or-throw";
import type { ScheduleResponse } from "./invoice-schedule.schema";
import { lockSchedule } from "./lock-schedule";
import { scheduleSelect } from "./schedule-record";
import { serializeSchedule } from "./serialize-schedule";

type Scope = { id: string; merchantId: string; livemode: boolean; now?: Date };

/**
 * Cancel a schedule, active or paused, for good: no further invoice is created; the invoices it created
 * stay as they are. 409 `schedule_cancelled` if it already is.
 */
export function cancelSchedule(db: Db, opts: Scope): Promise<ScheduleResponse> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const record = await lockSchedule(tx, opts);
    if (!record) throw noSuchSchedule(opts.id);
    if (record.status === "cancelled") {
      throw new AppError("schedule_cancelled", "The schedule is already cancelled.");
    }
    const updated = await tx.invoiceSchedule.update({
      where: { id: record.id },
      data: { status: "cancelled", cancelledAt: now },
      select: scheduleSelect,
    });
    return serializeSchedule(updated);
  });
}
