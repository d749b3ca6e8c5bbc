import { z } from "zod";
import { listParams } from "@/server/db/pagination";
import { db, inTransaction } from "@/server/db";
import {
  createEndpointAsUser,
  deleteEndpointAsUser,
  resendDeliveryAsUser,
  rotateSecretAsUser,
  updateEndpointAsUser,
} from "@/server/webhooks/audited-webhook-actions";
import { eventTypes } from "@/server/webhooks/event-types";
import { getWebhookEndpointOrThrow } from "@/server/webhooks/get-webhook-endpoint-or-throw";
import { listWebhookDeliveries } from "@/server/webhooks/list-webhook-deliveries";
import { listWebhookEndpoints } from "@/server/webhooks/list-webhook-endpoints";
import { revealWebhookSecret } from "@/server/webhooks/reveal-webhook-secret";
import { sendTestWebhook } from "@/server/webhooks/send-test-webhook";
import { webhookDeliveryResponse } from "@/server/webhooks/webhook-delivery.schema";
import {
  createWebhookEndpointRequest,
  updateWebhookEndpointRequest,
  webhookEndpointResponse,
  webhookEndpointWithSecretResponse,
} from "@/server/webhooks/webhook-endpoint.schema";
import { createTRPCRouter, merchantProcedure, type MerchantContext } from "../trpc";

const endpointId = z.object({ id: z.string().min(1).max(64) });
// The API's request schemas are strict; tRPC merges them with the merchant scope of the same input.
const createRequest = z.object(createWebhookEndpointRequest.shape);
const updateRequest = z.object(updateWebhookEndpointRequest.shape);

const scopeOf = (merchant: MerchantContext, id: string) => ({
  id,
  merchantId: merchant.id,
  livemode: merchant.livemode,
});
const actorOf = (merchant: MerchantContext, actor: string) => ({
  merchantId: merchant.id,
  livemode: merchant.livemode,
  actor,
});

/** Webhook endpoints of the merchant and mode, through the webhook engine's own functions. */
export const webhooksRouter = createTRPCRouter({
  list: merchantProcedure("webhooks:read")
    .input(listParams)
    .output(z.object({ object: z.literal("list"), data: z.array(webhookEndpointResponse), has_more: z.boolean() }))
    .query(({ ctx, input }) =>
      listWebhookEndpoints(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, params: input }),
    ),

  get: merchantProcedure("webhooks:read")
    .input(endpointId)
    .output(webhookEndpointResponse)
    .query(({ ctx, input }) => getWebhookEndpointOrThrow(db(), scopeOf(ctx.merchant, input.id))),

  /** The new endpoint with its secret, shown once. */
  create: merchantProcedure("webhooks:write")
    .input(createRequest)
    .output(webhookEndpointWithSecretResponse)
    .mutation(({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, ...request } = input;
      return createEndpointAsUser(db(), actorOf(ctx.merchant, ctx.actor), request);
    }),

  update: merchantProcedure("webhooks:write")
    .input(endpointId.extend({ changes: updateRequest }))
    .output(webhookEndpointResponse)
    .mutation(({ ctx, input }) =>
      updateEndpointAsUser(db(), actorOf(ctx.merchant, ctx.actor), scopeOf(ctx.merchant, input.id), input.changes),
    ),

  delete: merchantProcedure("webhooks:write")
    .input(endpointId)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await deleteEndpointAsUser(db(), actorOf(ctx.merchant, ctx.actor), scopeOf(ctx.merchant, input.id));
    }),

  /** A new secret, returned once; the previous one keeps signing beside it for 24 hours. */
  rotateSecret: merchantProcedure("webhooks:write")
    .input(endpointId)
    .output(webhookEndpointWithSecretResponse)
    .mutation(({ ctx, input }) =>
      rotateSecretAsUser(db(), actorOf(ctx.merchant, ctx.actor), scopeOf(ctx.merchant, input.id)),
    ),

  /** The current secret, decrypted; each reveal is in the audit log. A mutation, so it is never cached or prefetched. */
  revealSecret: merchantProcedure("webhooks:write")
    .input(endpointId)
    .output(z.object({ secret: z.string() }))
    .mutation(({ ctx, input }) =>
      inTransaction(db(), (tx) =>
        revealWebhookSecret(tx, { scope: scopeOf(ctx.merchant, input.id), actor: ctx.actor }),
      ),
    ),

  deliveries: merchantProcedure("webhooks:read")
    .input(
      endpointId.extend(listParams.shape).extend({ status: z.enum(["pending", "succeeded", "failed"]).optional() }),
    )
    .output(z.object({ object: z.literal("list"), data: z.array(webhookDeliveryResponse), has_more: z.boolean() }))
    .query(({ ctx, input }) => {
      const { id, merchantId: _m, livemode: _l, ...query } = input;
      return listWebhookDeliveries(db(), { scope: scopeOf(ctx.merchant, id), query });
    }),

  resend: merchantProcedure("webhooks:write")
    .input(endpointId.extend({ deliveryId: z.string().min(1).max(64) }))
    .output(webhookDeliveryResponse)
    .mutation(({ ctx, input }) =>
      resendDeliveryAsUser(db(), actorOf(ctx.merchant, ctx.actor), scopeOf(ctx.merchant, input.id), input.deliveryId),
    ),

  sendTest: merchantProcedure("webhooks:write")
    .input(endpointId.extend({ type: z.enum(eventTypes) }))
    .output(z.object({ eventId: z.string(), deliveryId: z.string() }))
    .mutation(({ ctx, input }) =>
      inTransaction(db(), (tx) =>
        sendTestWebhook(tx, { scope: scopeOf(ctx.merchant, input.id), type: input.type, actor: ctx.actor }),
      ),
    ),
});
