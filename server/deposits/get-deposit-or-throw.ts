import type { DbClient } from "../db";
import { AppError } from "../errors";
import { loadCursorHeights } from "../invoices/invoice-record";
import type { DepositResponse } from "./deposit.schema";
import { serializeDeposit } from "./serialize-deposit";

/** One of the merchant's deposits in the mode; another merchant's or mode's is a 404. */
export async function getDepositOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<DepositResponse> {
  const deposit = await db.deposit.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
  });
  if (!deposit) throw new AppError("resource_missing", `No such deposit: '${opts.id}'.`, { param: "id" });
  return serializeDeposit(deposit, await loadCursorHeights(db));
}
