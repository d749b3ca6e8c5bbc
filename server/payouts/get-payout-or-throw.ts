import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { PayoutResponse } from "./payout.schema";
import { serializePayout } from "./serialize-payout";

/** The merchant's payout in this mode as the API returns it; another merchant's or mode's is a 404. */
export async function getPayoutOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<PayoutResponse> {
  const payout = await db.payout.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
  });
  if (!payout) throw new AppError("resource_missing", `No such payout: '${opts.id}'.`, { param: "id" });
  return serializePayout(payout);
}
