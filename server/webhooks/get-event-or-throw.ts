import type { DbClient } from "../db";
import { AppError } from "../errors";
import { eventBody, eventBodySelect } from "./event-body";

/** One of the merchant's events in this mode, as webhooks carry it; another merchant's or mode's is a 404. */
export async function getEventOrThrow(
  tx: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<Record<string, unknown>> {
  const event = await tx.event.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
    select: eventBodySelect,
  });
  if (!event) throw new AppError("resource_missing", `No such event: '${opts.id}'.`, { param: "id" });
  return eventBody(event);
}
