import { z } from "zod";
import { db } from "@/server/db";
import { listParams } from "@/server/db/pagination";
import { advanceSchedule } from "@/server/schedules/advance-schedule";
import { cancelSchedule } from "@/server/schedules/cancel-schedule";
import { getScheduleOrThrow } from "@/server/schedules/get-schedule-or-throw";
import { listSchedulesQuery, scheduleResponse } from "@/server/schedules/invoice-schedule.schema";
import { listScheduleRuns } from "@/server/schedules/list-schedule-runs";
import { listSchedules } from "@/server/schedules/list-schedules";
import { pauseSchedule } from "@/server/schedules/pause-schedule";
import { resumeSchedule } from "@/server/schedules/resume-schedule";
import { scheduleRunRow } from "@/server/schedules/schedule-run.schema";
import { createTRPCRouter, merchantProcedure } from "../trpc";

const scheduleId = z.object({ id: z.string().min(1).max(64) });
const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), has_more: z.boolean() });

/** Invoice schedules of the merchant and mode: the list, the detail with its periods, pause, resume, cancel, advance. */
export const schedulesRouter = createTRPCRouter({
  list: merchantProcedure("invoices:read")
    .input(listSchedulesQuery)
    .output(page(scheduleResponse))
    .query(({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, ...query } = input;
      return listSchedules(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, query });
    }),

  get: merchantProcedure("invoices:read")
    .input(scheduleId)
    .output(scheduleResponse)
    .query(({ ctx, input }) =>
      getScheduleOrThrow(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  /** The schedule's periods, latest first: each one's invoice, or why it was skipped. */
  runs: merchantProcedure("invoices:read")
    .input(scheduleId.extend(listParams.shape))
    .output(page(scheduleRunRow))
    .query(({ ctx, input }) => {
      const { id, merchantId: _m, livemode: _l, ...params } = input;
      return listScheduleRuns(db(), {
        scheduleId: id,
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        params,
      });
    }),

  pause: merchantProcedure("invoices:cancel")
    .input(scheduleId)
    .output(scheduleResponse)
    .mutation(({ ctx, input }) =>
      pauseSchedule(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  resume: merchantProcedure("invoices:create")
    .input(scheduleId)
    .output(scheduleResponse)
    .mutation(({ ctx, input }) =>
      resumeSchedule(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  cancel: merchantProcedure("invoices:cancel")
    .input(scheduleId)
    .output(scheduleResponse)
    .mutation(({ ctx, input }) =>
      cancelSchedule(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  /** Test mode only: the next period's invoice now. */
  advance: merchantProcedure("invoices:create")
    .input(scheduleId)
    .output(scheduleResponse)
    .mutation(({ ctx, input }) =>
      advanceSchedule(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),
});
