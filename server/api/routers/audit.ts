import { listParams } from "@/server/db/pagination";
import { z } from "zod";
import { auditLogItem } from "@/server/audit/audit-log.schema";
import { listAuditLogs } from "@/server/audit/list-audit-logs";
import { db } from "@/server/db";
import { createTRPCRouter, merchantProcedure } from "../trpc";

/** Who did what and when, for owners and admins. */
export const auditRouter = createTRPCRouter({
  list: merchantProcedure("audit:read")
    .input(listParams)
    .output(z.object({ data: z.array(auditLogItem), has_more: z.boolean() }))
    .query(({ ctx, input }) => listAuditLogs(db(), { merchantId: ctx.merchant.id, params: input })),
});
