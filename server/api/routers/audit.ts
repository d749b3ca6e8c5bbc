import { listParams } from "@/server/api/pagination";
import { listAuditLogs } from "@/server/audit/list-audit-logs";
import { db } from "@/server/db";
import { createTRPCRouter, merchantProcedure } from "../trpc";

/** Who did what and when, for owners and admins. */
export const auditRouter = createTRPCRouter({
  list: merchantProcedure("audit:read")
    .input(listParams)
    .query(({ ctx, input }) => listAuditLogs(db(), { merchantId: ctx.merchant.id, params: input })),
});
