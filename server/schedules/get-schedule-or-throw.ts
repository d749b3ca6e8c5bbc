import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { ScheduleResponse } from "./invoice-schedule.schema";
import { findSchedule } from "./schedule-record";
import { serializeSchedule } from "./serialize-schedule";

/** A 404 `resource_missing` for a schedule id the merchant does not have in this mode. */
export const noSuchSchedule = (id: string) =>
  new AppError("resource_missing", `No such invoice schedule: '${id}'.`, { param: "id" });

/** The merchant's schedule in this mode as the API returns it; another merchant's or mode's is a 404. */
export async function getScheduleOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<ScheduleResponse> {
  const record = await findSchedule(db, opts);
  if (!record) throw noSuchSchedule(opts.id);
  return serializeSchedule(record);
}
