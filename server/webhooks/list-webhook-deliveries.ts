import type { DbClient } from "../db";
import { paginate } from "../db/pagination";
import { findWebhookEndpointOrThrow, type EndpointScope } from "./get-webhook-endpoint-or-throw";
import { serializeWebhookDelivery, webhookDeliverySelect } from "./serialize-webhook-delivery";
import type { ListWebhookDeliveriesQuery, WebhookDeliveryResponse } from "./webhook-delivery.schema";

/** One page of an endpoint's delivery log, newest first, each delivery with all its attempts. */
export async function listWebhookDeliveries(
  tx: DbClient,
  opts: { scope: EndpointScope; query: ListWebhookDeliveriesQuery },
): Promise<{ object: "list"; data: WebhookDeliveryResponse[]; has_more: boolean }> {
  const endpoint = await findWebhookEndpointOrThrow(tx, opts.scope);
  const where = {
    endpointId: endpoint.id,
    ...(opts.query.status ? { status: opts.query.status } : {}),
    ...(opts.query.event_id ? { eventId: opts.query.event_id } : {}),
  };
  const page = await paginate(
    opts.query,
    (id) =>
      tx.webhookDelivery.findFirst({ where: { endpointId: endpoint.id, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.webhookDelivery.findMany({
        where: { ...where, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: webhookDeliverySelect,
      }),
  );
  return { object: "list", data: page.data.map(serializeWebhookDelivery), has_more: page.has_more };
}
