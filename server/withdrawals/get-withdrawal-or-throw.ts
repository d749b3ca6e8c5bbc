import type { DbClient } from "../db";
import { AppError } from "../errors";
import { serializeWithdrawal, withdrawalSelect } from "./serialize-auto-withdrawal";
import type { WithdrawalResponse } from "./withdrawal.schema";

/** One of the merchant's withdrawals in this mode; 404 `resource_missing` otherwise. */
export async function getWithdrawalOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<WithdrawalResponse> {
  const row = await db.withdrawal.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
    select: withdrawalSelect,
  });
  if (!row) throw new AppError("resource_missing", `No such withdrawal: '${opts.id}'.`);
  return serializeWithdrawal(row);
}
