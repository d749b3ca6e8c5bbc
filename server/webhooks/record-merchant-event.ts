import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { EventType } from "./event-types";
import { writeEvent } from "./record-event";

/**
 * Write an event that belongs to no invoice (about the merchant's own setup, such as an endpoint
 * disabled for failing) and its deliveries, in the caller's transaction. `object` is the API object
 * the event is about, as it is now.
 */
export function recordMerchantEvent(
  tx: Tx,
  opts: {
    merchantId: string;
    livemode: boolean;
    type: EventType;
    object: Prisma.InputJsonObject;
    cause: Prisma.InputJsonValue;
    at?: Date;
  },
): Promise<{ eventId: string; deliveries: number }> {
  return writeEvent(tx, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    type: opts.type,
    data: { object: opts.object },
    cause: opts.cause,
    at: opts.at,
  });
}
