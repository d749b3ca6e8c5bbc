import { z } from "zod";
import { can } from "@/server/auth/permissions";
import { getOverviewStats } from "@/server/invoices/overview-stats";
import { overviewStats } from "@/server/invoices/overview-stats.schema";
import { db } from "@/server/db";
import { createTRPCRouter, merchantProcedure } from "../trpc";

/** The overview's chart data and what needs attention. */
export const overviewRouter = createTRPCRouter({
  stats: merchantProcedure("invoices:read")
    .input(z.object({ days: z.number().int().min(7).max(90).default(30) }))
    .output(overviewStats)
    .query(({ ctx, input }) =>
      getOverviewStats(db(), {
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        days: input.days,
        includeEndpoints: can(ctx.merchant.role, "webhooks:read"),
      }),
    ),
});
