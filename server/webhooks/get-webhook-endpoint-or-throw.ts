import type { DbClient } from "../db";
import { AppError } from "../errors";
import {
  serializeWebhookEndpoint,
  webhookEndpointSelect,
  type WebhookEndpointRecord,
} from "./serialize-webhook-endpoint";
import type { WebhookEndpointResponse } from "./webhook-endpoint.schema";

/** Which endpoints a key sees: its merchant's, of its mode, not deleted. */
export interface EndpointScope {
  id: string;
  merchantId: string;
  livemode: boolean;
}

/** The endpoint's record in the key's scope; a deleted endpoint or another merchant's is a 404. */
export async function findWebhookEndpointOrThrow(tx: DbClient, scope: EndpointScope): Promise<WebhookEndpointRecord> {
  const row = await tx.webhookEndpoint.findFirst({
    where: { id: scope.id, merchantId: scope.merchantId, livemode: scope.livemode, deletedAt: null },
    select: webhookEndpointSelect,
  });
  if (!row) throw new AppError("resource_missing", `No such webhook endpoint: '${scope.id}'.`, { param: "id" });
  return row;
}

/** The endpoint as the API returns it (never with its secret); a deleted endpoint or another merchant's is a 404. */
export async function getWebhookEndpointOrThrow(tx: DbClient, scope: EndpointScope): Promise<WebhookEndpointResponse> {
  return serializeWebhookEndpoint(await findWebhookEndpointOrThrow(tx, scope));
}
