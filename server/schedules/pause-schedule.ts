import { inTransaction, type Db } from "../db";
import { AppError } from "../errors";
import { noSuchSchedule } from "./get-schedule-or-throw";
import type { ScheduleResponse } from "./invoice-schedule.schema";
import { lockSchedule } from "./lock-schedule";
import { scheduleSelect } from "./schedule-record";
import { serializeSchedule } from "./serialize-schedule";

type Scope = { id: string; merchantId: string; livemode: boolean; now?: Date };

/**
 * Pause an active schedule: no invoice is created until it is resumed. 409 `schedule_not_active` unless
 * it is active; 404 for an id the merchant does not have in this mode.
 */
export function pauseSchedule(db: Db, opts: Scope): Promise<ScheduleResponse> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const record = await lockSchedule(tx, opts);
    if (!record) throw noSuchSchedule(opts.id);
    if (record.status !== "active") {
      throw new AppError("schedule_not_active", `The schedule is ${record.status}: only an active one can be paused.`);
    }
    const updated = await tx.invoiceSchedule.update({
      where: { id: record.id },
      data: { status: "paused", pausedAt: now },
      select: scheduleSelect,
    });
    return serializeSchedule(updated);
  });
}
