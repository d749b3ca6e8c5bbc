import { inTransaction, type Db, type Tx } from "../db";
import { recordAudit, type AuditAction } from "../audit/record-audit";
import type { Prisma } from "../generated/prisma/client";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { deleteWebhookEndpoint } from "./delete-webhook-endpoint";
import type { EndpointScope } from "./get-webhook-endpoint-or-throw";
import { resendWebhookDelivery } from "./resend-webhook-delivery";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { updateWebhookEndpoint } from "./update-webhook-endpoint";
import type { CreateWebhookEndpointRequest, UpdateWebhookEndpointRequest } from "./webhook-endpoint.schema";

// The webhook engine's operations (server/webhooks/) as a person in the dashboard performs them:
// the same functions the API calls, each with its audit row in the same transaction, so the action
// and its record commit together or not at all.

interface Actor {
  merchantId: string;
  livemode: boolean;
  actor: string;
}

function audit(tx: Tx, who: Actor, action: AuditAction, endpointId: string, data: Prisma.InputJsonValue = {}) {
  return recordAudit(tx, {
    merchantId: who.merchantId,
    livemode: who.livemode,
    actor: who.actor,
    action,
    targetType: "webhook_endpoint",
    targetId: endpointId,
    data,
  });
}

/** Register an endpoint (its secret is in the answer, once). */
export function createEndpointAsUser(db: Db, who: Actor, request: CreateWebhookEndpointRequest) {
  return inTransaction(db, async (tx) => {
    const endpoint = await createWebhookEndpoint(tx, { merchantId: who.merchantId, livemode: who.livemode, request });
    await audit(tx, who, "webhook_endpoint.created", endpoint.id, { url: endpoint.url, events: endpoint.events });
    return endpoint;
  });
}

/** Change url, events or description, or disable / enable. */
export function updateEndpointAsUser(db: Db, who: Actor, scope: EndpointScope, request: UpdateWebhookEndpointRequest) {
  return inTransaction(db, async (tx) => {
    const endpoint = await updateWebhookEndpoint(tx, { scope, request });
    const action: AuditAction =
      request.disabled === true
        ? "webhook_endpoint.disabled"
        : request.disabled === false
          ? "webhook_endpoint.enabled"
          : "webhook_endpoint.updated";
    await audit(tx, who, action, endpoint.id, request as Prisma.InputJsonValue);
    return endpoint;
  });
}

/** A new signing secret (returned once); the old one keeps signing for the overlap. */
export function rotateSecretAsUser(db: Db, who: Actor, scope: EndpointScope) {
  return inTransaction(db, async (tx) => {
    const endpoint = await rotateWebhookSecret(tx, { scope });
    await audit(tx, who, "webhook_endpoint.secret_rotated", endpoint.id, {
      previous_secret_expires_at: endpoint.previous_secret_expires_at,
    });
    return endpoint;
  });
}

export function deleteEndpointAsUser(db: Db, who: Actor, scope: EndpointScope) {
  return inTransaction(db, async (tx) => {
    const deleted = await deleteWebhookEndpoint(tx, { scope });
    await audit(tx, who, "webhook_endpoint.deleted", deleted.id);
    return deleted;
  });
}

export function resendDeliveryAsUser(db: Db, who: Actor, scope: EndpointScope, deliveryId: string) {
  return inTransaction(db, async (tx) => {
    const delivery = await resendWebhookDelivery(tx, { scope, deliveryId });
    await audit(tx, who, "webhook_delivery.resent", scope.id, { delivery_id: deliveryId, event_id: delivery.event_id });
    return delivery;
  });
}
