import type { DbClient } from "../db";
import { paginateBy, type ListCursor } from "../db/pagination";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { loadCursorHeights } from "../invoices/invoice-record";
import type { DepositResponse, ListDepositsQuery } from "./deposit.schema";
import { serializeDeposit } from "./serialize-deposit";

/**
 * One page of the merchant's deposits in one mode, newest first (by detection, ties by id), filtered by customer and
 * status. A customer of another merchant or mode is a 404 on `customer`.
 */
export async function listDeposits(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListDepositsQuery },
): Promise<{ data: DepositResponse[]; has_more: boolean }> {
  const { query } = opts;
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  if (query.customer) {
    const customer = await db.customer.findFirst({ where: { id: query.customer, ...scope }, select: { id: true } });
    if (!customer)
      throw new AppError("resource_missing", `No such customer: '${query.customer}'.`, { param: "customer" });
  }
  const where: Prisma.DepositWhereInput[] = [scope];
  if (query.customer) where.push({ customerId: query.customer });
  if (query.status) where.push({ status: query.status });
  const page = await paginateBy<Awaited<ReturnType<typeof db.deposit.findMany>>[number], ListCursor>(
    query,
    async (id) => {
      const d = await db.deposit.findFirst({ where: { id, ...scope }, select: { id: true, detectedAt: true } });
      return d ? { id: d.id, createdAt: d.detectedAt } : null;
    },
    (cursor, direction) => {
      const cmp = direction === "after" ? "lt" : "gt";
      return {
        OR: [{ detectedAt: { [cmp]: cursor.createdAt } }, { detectedAt: cursor.createdAt, id: { [cmp]: cursor.id } }],
      };
    },
    ({ cursor, reverse, take }) => {
      const order = reverse ? "asc" : "desc";
      return db.deposit.findMany({
        where: { AND: cursor ? [...where, cursor] : where },
        orderBy: [{ detectedAt: order }, { id: order }],
        take,
      });
    },
  );
  const heights = await loadCursorHeights(db);
  return { data: page.data.map((d) => serializeDeposit(d, heights)), has_more: page.has_more };
}
