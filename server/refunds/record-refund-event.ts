import type { Tx } from "../db";
import type { Prisma, Refund } from "../generated/prisma/client";
import { recordMerchantEvent } from "../webhooks/record-merchant-event";
import { serializeRefund } from "./serialize-refund";

/**
 * A `refund.*` event with the refund as it is now, in the caller's transaction. Its object never holds `claim_url`:
 * events are stored, and the claim token must not be (send the customer the link from the create response).
 */
export async function recordRefundEvent(
  tx: Tx,
  refund: Refund,
  opts: {
    type: "refund.created" | "refund.confirmed" | "refund.failed";
    payoutId: string | null;
    cause: Prisma.InputJsonValue;
    at: Date;
  },
): Promise<void> {
  await recordMerchantEvent(tx, {
    merchantId: refund.merchantId,
    livemode: refund.livemode,
    type: opts.type,
    object: serializeRefund(refund, { payoutId: opts.payoutId }) as unknown as Prisma.InputJsonObject,
    cause: opts.cause,
    at: opts.at,
  });
}
