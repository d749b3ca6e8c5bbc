import { afterEach, describe, expect, it } from "vitest";
import { db, inTransaction } from "@/server/db";
import { openSecret } from "@/server/crypto/secret-box";
import { createTestMerchant } from "@/test/fixtures";
import { receiverPool } from "@/test/programmable-receiver";
import { deliverAt, deliveryOf, emit, newEndpoint } from "@/test/webhook-kit";
import { claimDueDeliveries } from "./claim-due-deliveries";
import { eventBody } from "./event-body";
import { getWebhookEndpointOrThrow } from "./get-webhook-endpoint-or-throw";
import { recordAttempts } from "./record-attempts";
import { sendWebhook } from "./send-webhook";
import { signatureHeader } from "./sign";
import { updateWebhookEndpoint } from "./update-webhook-endpoint";
import { deleteWebhookEndpoint } from "./delete-webhook-endpoint";

const DAY = 86_400_000;
const receivers = receiverPool();
const receiver = receivers.start;
afterEach(() => receivers.downAll());

describe("several workers", () => {
  it("two workers at once send each delivery exactly once per attempt", async () => {
    const { merchantId } = await createTestMerchant();
    const r = await receiver();
    const endpoint = await newEndpoint(merchantId, r.url);
    const events: string[] = [];
    for (let i = 0; i < 40; i++) events.push(await emit(merchantId));
    r.behave({ status: 500 });
    const t0 = Date.now();

    // A budget far beyond need: other files' deliveries due at t0 share the turns (fair per merchant), and on a
    // loaded machine the default 5 s could end a call before this merchant's 40 are done. Counts, not time, are tested.
    const budgetMs = 120_000;
    await Promise.all([deliverAt(t0, { limit: 3, budgetMs }), deliverAt(t0, { limit: 3, budgetMs })]);
    expect(r.received).toHaveLength(40);
    expect(new Set(r.received.map((x) => x.headers["webhook-id"]))).toEqual(new Set(events));

    // The retries: again each one once.
    r.behave({ status: 204 });
    await Promise.all([deliverAt(t0 + 1200, { limit: 3, budgetMs }), deliverAt(t0 + 1200, { limit: 3, budgetMs })]);
    expect(r.received).toHaveLength(80);
    const counts = new Map<string, number>();
    for (const x of r.received)
      counts.set(String(x.headers["webhook-id"]), (counts.get(String(x.headers["webhook-id"])) ?? 0) + 1);
    expect([...counts.values()]).toEqual(Array(40).fill(2));
    const rows = await db().webhookDelivery.findMany({
      where: { endpointId: endpoint.id },
      include: { attempts: true },
    });
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "succeeded", attemptCount: 2, lockedUntil: null });
      expect(row.attempts.map((a) => a.statusCode).sort()).toEqual([204, 500]);
    }
  });

  it("a worker that dies between sending and recording: the claim lapses, the delivery goes out again, and the receiver credits it once", async () => {
    const { merchantId } = await createTestMerchant();
    const r = await receiver();
    // The merchant's receiver: verifies nothing here, but dedupes on webhook-id as the README shows.
    const credited = new Set<string>();
    r.behave((req) => {
      credited.add(String(req.headers["webhook-id"]));
      return { status: 200 };
    });
    const endpoint = await newEndpoint(merchantId, r.url);
    const eventId = await emit(merchantId);
    const t0 = Date.now();

    // Worker A claims and sends, then dies before recording anything.
    const claimed = await claimDueDeliveries(db(), { now: new Date(t0), limit: 1000, claimMs: 60_000 });
    const mine = claimed.find((c) => c.endpoint.id === endpoint.id)!;
    await db().webhookDelivery.updateMany({
      where: { id: { in: claimed.filter((c) => c !== mine).map((c) => c.id) } },
      data: { lockedUntil: null },
    });
    const body = JSON.stringify(eventBody(mine.event));
    const timestamp = Math.floor(t0 / 1000);
    const sent = await sendWebhook({
      url: new URL(mine.endpoint.url),
      addresses: [{ address: "127.0.0.1", family: 4 }],
      body,
      timeoutMs: 5000,
      headers: {
        "content-type": "application/json",
        "webhook-id": mine.event.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signatureHeader([openSecret(mine.endpoint.secretEncrypted)], {
          id: mine.event.id,
          timestamp,
          body,
        }),
      },
    });
    expect(sent.ok).toBe(true);
    expect(r.received).toHaveLength(1);

    // While A's claim holds, no other worker sends it.
    await deliverAt(t0 + 10);
    expect(r.received).toHaveLength(1);
    expect(await deliveryOf(endpoint.id)).toMatchObject({ status: "pending", attemptCount: 0 });

    // The claim lapses (its 75 s pass): worker B sends it again and records it.
    await db().webhookDelivery.update({ where: { id: mine.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    await deliverAt(t0 + 20);
    expect(r.received.map((x) => x.headers["webhook-id"])).toEqual([eventId, eventId]);
    expect([...credited]).toEqual([eventId]);
    let d = await deliveryOf(endpoint.id);
    expect(d).toMatchObject({ status: "succeeded", attemptCount: 1, succeededAt: new Date(t0 + 20) });

    // A comes back from the dead and records its stale attempt: logged, but it changes nothing.
    await recordAttempts(db(), [
      {
        deliveryId: mine.id,
        endpointId: endpoint.id,
        claimToken: mine.claimToken,
        attemptNumber: 1,
        attemptedAt: new Date(t0),
        outcome: { ...sent, ok: false, statusCode: 500 },
      },
    ]);
    d = await deliveryOf(endpoint.id);
    expect(d).toMatchObject({
      status: "succeeded",
      attemptCount: 1,
      succeededAt: new Date(t0 + 20),
      nextAttemptAt: null,
    });
    expect(d.attempts.map((a) => a.statusCode)).toEqual([500, 200]);
  });
});

describe("endpoints that must receive nothing", () => {
  it("a disabled endpoint receives nothing; enabling it again sends what was paused", async () => {
    const { merchantId } = await createTestMerchant();
    const r = await receiver();
    const endpoint = await newEndpoint(merchantId, r.url);
    const scope = { id: endpoint.id, merchantId, livemode: false };
    const paused = await emit(merchantId); // pending when the endpoint is disabled
    await inTransaction(db(), (tx) => updateWebhookEndpoint(tx, { scope, request: { disabled: true } }));
    const skipped = await emit(merchantId); // happens while disabled: no delivery at all
    await deliverAt(Date.now());
    await deliverAt(Date.now() + 30 * DAY);
    expect(r.received).toHaveLength(0);
    expect(await deliveryOf(endpoint.id, paused)).toMatchObject({
      status: "pending",
      attemptCount: 0,
      nextAttemptAt: null,
    });
    expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id, eventId: skipped } })).toBe(0);

    await inTransaction(db(), (tx) => updateWebhookEndpoint(tx, { scope, request: { disabled: false } }));
    await deliverAt(Date.now());
    expect(r.received.map((x) => x.headers["webhook-id"])).toEqual([paused]);
  });

  it("a delivery committed while its endpoint was being disabled is paused, not sent", async () => {
    const { merchantId } = await createTestMerchant();
    const r = await receiver();
    const endpoint = await newEndpoint(merchantId, r.url);
    await emit(merchantId);
    // The race: the endpoint was disabled by a transaction that did not see this delivery yet.
    await db().webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { enabled: false, disabledAt: new Date(), disabledReason: "Disabled through the API." },
    });
    await deliverAt(Date.now());
    expect(r.received).toHaveLength(0);
    expect(await deliveryOf(endpoint.id)).toMatchObject({
      status: "pending",
      attemptCount: 0,
      nextAttemptAt: null,
      lockedUntil: null,
    });
  });

  it("a deleted endpoint receives nothing, neither its pending deliveries nor new events", async () => {
    const { merchantId } = await createTestMerchant();
    const r = await receiver();
    const endpoint = await newEndpoint(merchantId, r.url);
    const pending = await emit(merchantId);
    await inTransaction(db(), (tx) =>
      deleteWebhookEndpoint(tx, { scope: { id: endpoint.id, merchantId, livemode: false } }),
    );
    const after = await emit(merchantId);
    await deliverAt(Date.now());
    await deliverAt(Date.now() + 30 * DAY);
    expect(r.received).toHaveLength(0);
    expect(await deliveryOf(endpoint.id, pending)).toMatchObject({
      status: "pending",
      attemptCount: 0,
      nextAttemptAt: null,
    });
    expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id, eventId: after } })).toBe(0);
  });

  it("an endpoint failing continuously for 5 days is disabled, says why, and the merchant is told", async () => {
    const { merchantId } = await createTestMerchant();
    const failing = await receiver();
    const watcher = await receiver();
    const endpoint = await newEndpoint(merchantId, failing.url);
    await newEndpoint(merchantId, watcher.url, { events: ["webhook_endpoint.disabled"] });
    const scope = { id: endpoint.id, merchantId, livemode: false };
    failing.behave({ status: 500 });
    await emit(merchantId);
    const t0 = Date.now();
    await deliverAt(t0);
    expect((await getWebhookEndpointOrThrow(db(), scope)).failing_since).toBe(new Date(t0).toISOString());

    // A success ends the streak.
    failing.behave({ status: 200 });
    await emit(merchantId);
    await deliverAt(t0 + DAY);
    expect((await getWebhookEndpointOrThrow(db(), scope)).failing_since).toBeNull();

    failing.behave({ status: 500 });
    const t1 = t0 + DAY + 1000;
    await emit(merchantId);
    await deliverAt(t1);
    await emit(merchantId);
    await deliverAt(t1 + 5 * DAY - 60_000);
    let got = await getWebhookEndpointOrThrow(db(), scope);
    expect(got).toMatchObject({ status: "enabled", failing_since: new Date(t1).toISOString() });

    await emit(merchantId);
    await deliverAt(t1 + 5 * DAY);
    got = await getWebhookEndpointOrThrow(db(), scope);
    expect(got).toMatchObject({
      status: "disabled",
      disabled_at: new Date(t1 + 5 * DAY).toISOString(),
      disabled_reason:
        `Disabled automatically: every delivery attempt failed for 5 days, since ${new Date(t1).toISOString()}. ` +
        "Last attempt: HTTP 500. Fix the endpoint, then enable it again; its pending deliveries will resume.",
    });
    const event = await db().event.findFirstOrThrow({ where: { merchantId, type: "webhook_endpoint.disabled" } });
    expect(event.data).toMatchObject({
      object: { id: endpoint.id, object: "webhook_endpoint", status: "disabled", disabled_reason: got.disabled_reason },
    });

    // The merchant's other endpoint hears about it; the disabled one gets nothing more.
    const before = failing.received.length;
    await emit(merchantId);
    await deliverAt(t1 + 5 * DAY + 1000);
    await deliverAt(t1 + 9 * DAY);
    expect(watcher.received.map((x) => JSON.parse(x.body).type)).toEqual(["webhook_endpoint.disabled"]);
    expect(watcher.received[0]!.headers["webhook-id"]).toBe(event.id);
    expect(failing.received).toHaveLength(before);
    expect(
      await db().webhookDelivery.count({
        where: { endpointId: endpoint.id, status: "pending", nextAttemptAt: { not: null } },
      }),
    ).toBe(0);
  });
});
