import type { DbTx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import type { EventType } from "./event-types";
import { enqueueDeliveries } from "./record-event";

/**
 * Write an event that belongs to no invoice (about the merchant's own setup, such as an endpoint
 * disabled for failing) and its deliveries, in the caller's transaction. `object` is the API object
 * the event is about, as it is now.
 */
export async function recordMerchantEvent(
  tx: DbTx,
  opts: { merchantId: string; livemode: boolean; type: EventType; object: Prisma.InputJsonObject; cause: Prisma.InputJsonValue; at?: Date },
): Promise<{ eventId: string; deliveries: number }> {
  const eventId = newId("evt");
  await tx.event.create({
    data: {
      id: eventId,
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      type: opts.type,
      data: { object: opts.object },
      cause: opts.cause,
      ...(opts.at ? { createdAt: opts.at } : {}),
    },
  });
  const deliveries = await enqueueDeliveries(tx, { eventId, merchantId: opts.merchantId, livemode: opts.livemode, type: opts.type });
  return { eventId, deliveries };
}
