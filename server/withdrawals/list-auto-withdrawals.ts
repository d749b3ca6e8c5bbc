import type { DbClient } from "../db";
import { paginate, type ListParams } from "../db/pagination";
import { autoWithdrawalSelect, serializeAutoWithdrawal } from "./serialize-auto-withdrawal";
import type { AutoWithdrawalResponse } from "./withdrawal.schema";

/** One page of the merchant's current rules in this mode (pending activation or active; at most one per network and asset), newest first. */
export async function listAutoWithdrawals(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; params: ListParams; now?: Date },
): Promise<{ object: "list"; data: AutoWithdrawalResponse[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode, status: { not: "disabled" as const } };
  const page = await paginate(
    opts.params,
    (id) => db.autoWithdrawal.findFirst({ where: { ...scope, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      db.autoWithdrawal.findMany({
        where: { ...scope, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: autoWithdrawalSelect,
      }),
  );
  const now = opts.now ?? new Date();
  return { object: "list", data: page.data.map((r) => serializeAutoWithdrawal(r, now)), has_more: page.has_more };
}
