import type { DbClient } from "../db";
import { paginate, type ListParams } from "../db/pagination";
import { serializeWebhookEndpoint, webhookEndpointSelect } from "./serialize-webhook-endpoint";
import type { WebhookEndpointResponse } from "./webhook-endpoint.schema";

/** One page of the merchant's endpoints in this mode, newest first; deleted endpoints are not listed. */
export async function listWebhookEndpoints(
  tx: DbClient,
  opts: { merchantId: string; livemode: boolean; params: ListParams },
): Promise<{ object: "list"; data: WebhookEndpointResponse[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode, deletedAt: null };
  const page = await paginate(
    opts.params,
    (id) => tx.webhookEndpoint.findFirst({ where: { ...scope, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.webhookEndpoint.findMany({
        where: { ...scope, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: webhookEndpointSelect,
      }),
  );
  const now = new Date();
  return { object: "list", data: page.data.map((row) => serializeWebhookEndpoint(row, now)), has_more: page.has_more };
}
