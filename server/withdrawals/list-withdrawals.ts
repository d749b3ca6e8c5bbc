import type { DbClient } from "../db";
import { paginate } from "../db/pagination";
import { serializeWithdrawal, withdrawalSelect } from "./serialize-auto-withdrawal";
import type { ListWithdrawalsQuery, WithdrawalResponse } from "./withdrawal.schema";

/** One page of the merchant's withdrawals in this mode, newest first, optionally of one status. */
export async function listWithdrawals(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListWithdrawalsQuery },
): Promise<{ object: "list"; data: WithdrawalResponse[]; has_more: boolean }> {
  const scope = {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    ...(opts.query.status ? { status: opts.query.status } : {}),
  };
  const page = await paginate(
    opts.query,
    (id) => db.withdrawal.findFirst({ where: { ...scope, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      db.withdrawal.findMany({
        where: { ...scope, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: withdrawalSelect,
      }),
  );
  return { object: "list", data: page.data.map(serializeWithdrawal), has_more: page.has_more };
}
