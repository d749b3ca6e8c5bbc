import type { DbClient } from "../db";
import { paginate } from "../db/pagination";
import type { Prisma } from "../generated/prisma/client";
import type { ListRefundsQuery, RefundResponse } from "./refund.schema";
import { serializeRefund } from "./serialize-refund";

/** One page of the merchant's refunds in one mode, newest first (ties by id), optionally of one invoice. */
export async function listRefunds(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListRefundsQuery },
): Promise<{ data: RefundResponse[]; has_more: boolean }> {
  const { query } = opts;
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const where: Prisma.RefundWhereInput[] = [scope];
  if (query.invoice) where.push({ invoiceId: query.invoice });
  const page = await paginate(
    query,
    (id) => db.refund.findFirst({ where: { id, ...scope }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      db.refund.findMany({
        where: { AND: cursor ? [...where, cursor] : where },
        orderBy: [{ createdAt: order }, { id: order }],
        include: { payout: { select: { id: true } } },
        take,
      }),
  );
  return {
    data: page.data.map((r) => serializeRefund(r, { payoutId: r.payout?.id ?? null })),
    has_more: page.has_more,
  };
}
