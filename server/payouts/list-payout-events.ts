import type { DbClient } from "../db";
import { eventBody, eventBodySelect } from "../webhooks/event-body";
import type { EventResponse } from "../webhooks/event.schema";
import { getPayoutOrThrow } from "./get-payout-or-throw";

/** Most events one payout has: created, approved, submitted, confirmed or failed or cancelled, with room to spare. */
const MAX_PAYOUT_EVENTS = 50;

/**
 * The payout's `payout.*` events, oldest first (its timeline), each the public event object. Read from the
 * merchant's events since the payout was created (indexed by merchant, mode and time). 404 `resource_missing`
 * for another merchant's or mode's payout.
 */
export async function listPayoutEvents(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<EventResponse[]> {
  const payout = await getPayoutOrThrow(db, opts);
  const events = await db.event.findMany({
    where: {
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      createdAt: { gte: new Date(payout.created_at) },
      type: { startsWith: "payout." },
      data: { path: ["object", "id"], equals: payout.id },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: MAX_PAYOUT_EVENTS,
    select: eventBodySelect,
  });
  return events.map(eventBody);
}
