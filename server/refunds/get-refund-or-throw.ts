import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { RefundResponse } from "./refund.schema";
import { serializeRefund } from "./serialize-refund";

/** The merchant's refund in this mode as the API returns it; another merchant's or mode's is a 404. */
export async function getRefundOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<RefundResponse> {
  const refund = await db.refund.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
    include: { payout: { select: { id: true } } },
  });
  if (!refund) throw new AppError("resource_missing", `No such refund: '${opts.id}'.`, { param: "id" });
  return serializeRefund(refund, { payoutId: refund.payout?.id ?? null });
}
