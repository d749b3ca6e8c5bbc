// Helpers for the webhook integration tests: endpoints and events through the domain functions,
// delivery rows with their attempts, and the worker's entry point on an injected clock.
import { db, inTransaction } from "../server/db";
import { env, resetEnvCache } from "../server/env";
import { randomBase62 } from "../server/ids";
import { createWebhookEndpoint } from "../server/webhooks/create-webhook-endpoint";
import { deliverDueWebhooks } from "../server/webhooks/deliver-due-webhooks";
import type { EventType } from "../server/webhooks/event-types";
import { recordMerchantEvent } from "../server/webhooks/record-merchant-event";
import type { HostLookup } from "../server/webhooks/resolve-webhook-target";

/** A test-mode (or live) endpoint of the merchant, created as the API does; returns its id and secret. */
export async function newEndpoint(
  merchantId: string,
  url: string,
  opts: { livemode?: boolean; events?: string[] } = {},
) {
  const created = await inTransaction(db(), (tx) =>
    createWebhookEndpoint(tx, {
      merchantId,
      livemode: opts.livemode ?? false,
      request: { url, events: (opts.events ?? ["*"]) as ["*"] },
    }),
  );
  return { id: created.id, secret: created.secret };
}

/** Commit an event (with its outbox deliveries) as the state changes of the product do. */
export async function emit(merchantId: string, opts: { livemode?: boolean; type?: EventType } = {}): Promise<string> {
  const { eventId } = await inTransaction(db(), (tx) =>
    recordMerchantEvent(tx, {
      merchantId,
      livemode: opts.livemode ?? false,
      type: opts.type ?? "invoice.paid",
      object: {
        id: `inv_${randomBase62(22)}`,
        object: "invoice",
        status: "paid",
        order_id: `order-${randomBase62(6)}`,
      },
      cause: { kind: "test" },
    }),
  );
  return eventId;
}

/** The delivery of an event to an endpoint, with its attempts oldest first. */
export function deliveryOf(endpointId: string, eventId?: string) {
  return db().webhookDelivery.findFirstOrThrow({
    where: { endpointId, ...(eventId ? { eventId } : {}) },
    include: { attempts: { orderBy: [{ attemptedAt: "asc" }, { id: "asc" }] } },
  });
}

/** Run the delivery worker once with the clock at `at` (epoch ms). */
export function deliverAt(
  at: number,
  opts: { limit?: number; lookup?: HostLookup; budgetMs?: number } = {},
): Promise<number> {
  return deliverDueWebhooks(db(), { now: () => new Date(at), ...opts });
}

/** Set environment variables for the rest of a test file (undefined unsets); returns the undo. */
export function withEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
    env();
  };
  apply(vars);
  return () => apply(saved);
}
