import type { DbClient } from "../db";
import { paginate } from "../db/pagination";
import type { Prisma } from "../generated/prisma/client";
import type { CustomerResponse, ListCustomersQuery } from "./customer.schema";
import { customerBalances, serializeCustomer } from "./serialize-customer";

/** One page of the merchant's customers in one mode, newest first (ties by id), optionally by reference. */
export async function listCustomers(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListCustomersQuery },
): Promise<{ data: CustomerResponse[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const where: Prisma.CustomerWhereInput[] = [scope];
  if (opts.query.reference) where.push({ reference: opts.query.reference });
  const page = await paginate(
    opts.query,
    (id) => db.customer.findFirst({ where: { id, ...scope }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      db.customer.findMany({
        where: { AND: cursor ? [...where, cursor] : where },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
      }),
  );
  const balances = await customerBalances(db, page.data);
  return { data: page.data.map((c) => serializeCustomer(c, balances.get(c.id)!)), has_more: page.has_more };
}
