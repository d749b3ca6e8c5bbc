import type { DbClient } from "../db";
import { paginate } from "../db/pagination";
import type { Prisma } from "../generated/prisma/client";
import type { ListPayoutsQuery, PayoutResponse } from "./payout.schema";
import { serializePayout } from "./serialize-payout";

/** One page of the merchant's payouts in one mode, newest first (ties by id), filtered by status, batch, reference. */
export async function listPayouts(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListPayoutsQuery },
): Promise<{ data: PayoutResponse[]; has_more: boolean }> {
  const { query } = opts;
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const where: Prisma.PayoutWhereInput[] = [scope];
  if (query.status) where.push({ status: query.status });
  if (query.batch) where.push({ batchId: query.batch });
  if (query.reference) where.push({ reference: query.reference });
  const page = await paginate(
    query,
    (id) => db.payout.findFirst({ where: { id, ...scope }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      db.payout.findMany({
        where: { AND: cursor ? [...where, cursor] : where },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
      }),
  );
  return { data: page.data.map(serializePayout), has_more: page.has_more };
}
