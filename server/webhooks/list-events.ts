import type { DbClient } from "../db";
import { paginate } from "../db/pagination";
import type { Prisma } from "../generated/prisma/client";
import { eventBody, eventBodySelect } from "./event-body";
import type { ListEventsQuery } from "./event.schema";

/**
 * One page of the merchant's events in this mode, newest first, optionally of one type. With
 * `delivery_success: "false"`, only events that some undeleted endpoint has not accepted yet
 * (pending, failed, or paused on a disabled endpoint); with "true", only events every such endpoint accepted.
 */
export async function listEvents(
  tx: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListEventsQuery },
): Promise<{ object: "list"; data: Record<string, unknown>[]; has_more: boolean }> {
  const scope: Prisma.EventWhereInput = { merchantId: opts.merchantId, livemode: opts.livemode };
  const unaccepted: Prisma.WebhookDeliveryWhereInput = { status: { not: "succeeded" }, endpoint: { deletedAt: null } };
  const where: Prisma.EventWhereInput = {
    ...scope,
    ...(opts.query.type ? { type: opts.query.type } : {}),
    ...(opts.query.delivery_success === "false" ? { deliveries: { some: unaccepted } } : {}),
    ...(opts.query.delivery_success === "true" ? { deliveries: { none: unaccepted } } : {}),
  };
  const page = await paginate(
    opts.query,
    (id) => tx.event.findFirst({ where: { ...scope, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.event.findMany({
        where: { ...where, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: eventBodySelect,
      }),
  );
  return { object: "list", data: page.data.map(eventBody), has_more: page.has_more };
}
