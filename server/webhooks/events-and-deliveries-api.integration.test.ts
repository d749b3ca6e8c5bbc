import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { GET as listEventsRoute } from "@/app/api/v1/events/route";
import { GET as getEventRoute } from "@/app/api/v1/events/[id]/route";
import { POST as updateEndpointRoute, DELETE as deleteEndpointRoute } from "@/app/api/v1/webhook_endpoints/[id]/route";
import { GET as listDeliveriesRoute } from "@/app/api/v1/webhook_endpoints/[id]/deliveries/route";
import { POST as bulkResendRoute } from "@/app/api/v1/webhook_endpoints/[id]/deliveries/resend/route";
import { GET as getDeliveryRoute } from "@/app/api/v1/webhook_endpoints/[id]/deliveries/[delivery_id]/route";
import { POST as resendRoute } from "@/app/api/v1/webhook_endpoints/[id]/deliveries/[delivery_id]/resend/route";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { receiverPool } from "@/test/programmable-receiver";
import { deliverAt, deliveryOf, emit, newEndpoint } from "@/test/webhook-kit";

type Json = Record<string, unknown> & { error?: Record<string, string> };
type List = { object: string; data: Json[]; has_more: boolean; error?: Record<string, string> };

const receivers = receiverPool();
const receiver = receivers.start;
afterEach(() => receivers.downAll());

async function events(key: string, query = ""): Promise<{ status: number; body: List }> {
  const res = await listEventsRoute(apiRequest("GET", `/api/v1/events${query}`, { key }), params({}));
  return { status: res.status, body: await res.json() };
}

async function deliveries(key: string, id: string, query = ""): Promise<{ status: number; body: List }> {
  const res = await listDeliveriesRoute(
    apiRequest("GET", `/api/v1/webhook_endpoints/${id}/deliveries${query}`, { key }),
    params({ id }),
  );
  return { status: res.status, body: await res.json() };
}

async function resend(key: string, id: string, deliveryId: string): Promise<{ status: number; body: Json }> {
  const res = await resendRoute(
    apiRequest("POST", `/api/v1/webhook_endpoints/${id}/deliveries/${deliveryId}/resend`, { key }),
    params({ id, delivery_id: deliveryId }),
  );
  return { status: res.status, body: await res.json() };
}

async function bulkResend(key: string, id: string, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await bulkResendRoute(
    apiRequest("POST", `/api/v1/webhook_endpoints/${id}/deliveries/resend`, { key, body }),
    params({ id }),
  );
  return { status: res.status, body: await res.json() };
}

/** Fail every attempt of the schedule (4 with the tests' "1,1,1"), from `t0`. Returns the clock after. */
async function exhaust(t0: number): Promise<number> {
  for (let i = 0; i < 4; i++) await deliverAt(t0 + i * 1200);
  return t0 + 4 * 1200;
}

describe("the events API", () => {
  it("lists events newest first, by type, page by page, and gets one", async () => {
    const { key, merchantId } = await createTestMerchant();
    const ids: string[] = [];
    for (const type of ["invoice.paid", "invoice.expired", "invoice.paid"] as const) {
      ids.push(await emit(merchantId, { type }));
      await sleep(3); // distinct creation times
    }
    const all = await events(key);
    expect(all.status).toBe(200);
    expect(all.body.data.map((e) => [e.id, e.type])).toEqual([
      [ids[2], "invoice.paid"],
      [ids[1], "invoice.expired"],
      [ids[0], "invoice.paid"],
    ]);
    expect((await events(key, "?type=invoice.paid")).body.data.map((e) => e.id)).toEqual([ids[2], ids[0]]);
    const page = await events(key, "?limit=2");
    expect(page.body).toMatchObject({ object: "list", has_more: true });
    expect((await events(key, `?starting_after=${ids[1]}`)).body.data.map((e) => e.id)).toEqual([ids[0]]);

    const res = await getEventRoute(apiRequest("GET", `/api/v1/events/${ids[1]}`, { key }), params({ id: ids[1]! }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(all.body.data[1]);
    expect(all.body.data[1]).toMatchObject({
      object: "event",
      type: "invoice.expired",
      livemode: false,
      sequence: null,
      data: { object: { object: "invoice" } },
    });
  });

  it("answers 404 for another merchant's event, and 422 for a bad filter", async () => {
    const { merchantId } = await createTestMerchant();
    const id = await emit(merchantId);
    const { key: otherKey } = await createTestMerchant();
    const res = await getEventRoute(apiRequest("GET", `/api/v1/events/${id}`, { key: otherKey }), params({ id }));
    expect(res.status).toBe(404);
    expect((await res.json()).error).toEqual({
      type: "invalid_request_error",
      code: "resource_missing",
      message: `No such event: '${id}'.`,
      param: "id",
    });
    expect((await events(otherKey)).body.data).toEqual([]);
    expect((await events(otherKey, "?type=invoice.nope")).body.error).toMatchObject({
      code: "parameter_invalid",
      param: "type",
    });
    expect((await events(otherKey, "?delivery_success=maybe")).body.error).toMatchObject({
      code: "parameter_invalid",
      param: "delivery_success",
    });
    expect((await events(otherKey, "?sort=asc")).body.error).toMatchObject({
      code: "parameter_unknown",
      param: "sort",
    });
  });

  it("delivery_success=false lists the events some endpoint has not accepted yet", async () => {
    const { key, merchantId } = await createTestMerchant();
    const good = await receiver();
    const bad = await receiver();
    bad.behave({ status: 500 });
    await newEndpoint(merchantId, good.url);
    const badEndpoint = await newEndpoint(merchantId, bad.url);
    const e1 = await emit(merchantId);
    await sleep(3);
    const e2 = await emit(merchantId);
    const t0 = Date.now();
    await deliverAt(t0);
    expect((await events(key, "?delivery_success=false")).body.data.map((e) => e.id)).toEqual([e2, e1]);
    expect((await events(key, "?delivery_success=true")).body.data).toEqual([]);

    bad.behave({ status: 200 });
    await deliverAt(t0 + 1200);
    expect((await events(key, "?delivery_success=false")).body.data).toEqual([]);
    expect((await events(key, "?delivery_success=true")).body.data.map((e) => e.id)).toEqual([e2, e1]);

    // A deleted endpoint's unsent deliveries no longer count.
    bad.behave({ status: 500 });
    const e3 = await emit(merchantId);
    await deliverAt(Date.now());
    expect((await events(key, "?delivery_success=false")).body.data.map((e) => e.id)).toEqual([e3]);
    await deleteEndpointRoute(
      apiRequest("DELETE", `/api/v1/webhook_endpoints/${badEndpoint.id}`, { key }),
      params({ id: badEndpoint.id }),
    );
    expect((await events(key, "?delivery_success=false")).body.data).toEqual([]);
  });
});

describe("the delivery log and resending", () => {
  it("lists an endpoint's deliveries newest first with every attempt, and gets one", async () => {
    const { key, merchantId } = await createTestMerchant();
    const r = await receiver();
    r.behave({ status: 500, body: "try later" });
    const endpoint = await newEndpoint(merchantId, r.url);
    const older = await emit(merchantId);
    await sleep(3);
    const newer = await emit(merchantId, { type: "invoice.expired" });
    const t0 = Date.now();
    await deliverAt(t0);
    r.behave({ status: 200, body: "ok" });
    await deliverAt(t0 + 1200);

    const log = await deliveries(key, endpoint.id);
    expect(log.status).toBe(200);
    expect(log.body.data.map((d) => [d.event_id, d.event_type, d.status, d.attempt_count])).toEqual([
      [newer, "invoice.expired", "succeeded", 2],
      [older, "invoice.paid", "succeeded", 2],
    ]);
    const first = log.body.data[0]!;
    expect(first).toMatchObject({
      object: "webhook_delivery",
      endpoint_id: endpoint.id,
      next_attempt_at: null,
      succeeded_at: new Date(t0 + 1200).toISOString(),
    });
    const attempts = first.attempts as Json[];
    expect(attempts.map((a) => [a.object, a.attempted_at, a.status_code, a.response_body, a.error])).toEqual([
      ["webhook_attempt", new Date(t0).toISOString(), 500, null, null], // a private target: its body is never stored
      ["webhook_attempt", new Date(t0 + 1200).toISOString(), 200, null, null],
    ]);
    expect(typeof attempts[0]!.latency_ms).toBe("number");

    expect((await deliveries(key, endpoint.id, "?status=failed")).body.data).toEqual([]);
    expect((await deliveries(key, endpoint.id, `?event_id=${older}`)).body.data.map((d) => d.event_id)).toEqual([
      older,
    ]);
    expect((await deliveries(key, endpoint.id, "?limit=1")).body.has_more).toBe(true);

    const one = await getDeliveryRoute(
      apiRequest("GET", `/api/v1/webhook_endpoints/${endpoint.id}/deliveries/${first.id}`, { key }),
      params({ id: endpoint.id, delivery_id: first.id as string }),
    );
    expect(await one.json()).toEqual(first);
    const other = await newEndpoint(merchantId, r.url);
    const wrong = await getDeliveryRoute(
      apiRequest("GET", `/api/v1/webhook_endpoints/${other.id}/deliveries/${first.id}`, { key }),
      params({ id: other.id, delivery_id: first.id as string }),
    );
    expect(wrong.status).toBe(404);
    expect((await wrong.json()).error).toMatchObject({ code: "resource_missing", param: "delivery_id" });
    expect((await deliveries(key, endpoint.id, "?status=lost")).body.error).toMatchObject({
      code: "parameter_invalid",
      param: "status",
    });
  });

  it("resends a delivered event now, with the same webhook-id", async () => {
    const { key, merchantId } = await createTestMerchant();
    const r = await receiver();
    const endpoint = await newEndpoint(merchantId, r.url);
    const eventId = await emit(merchantId);
    await deliverAt(Date.now());
    const delivery = await deliveryOf(endpoint.id);
    expect(delivery.status).toBe("succeeded");

    const res = await resend(key, endpoint.id, delivery.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: delivery.id, status: "pending", attempt_count: 1 });
    await deliverAt(Date.now());
    expect(r.received.map((x) => x.headers["webhook-id"])).toEqual([eventId, eventId]);
    expect(await deliveryOf(endpoint.id)).toMatchObject({ status: "succeeded", attemptCount: 2 });
  });

  it("gives a failed delivery exactly one more attempt per resend", async () => {
    const { key, merchantId } = await createTestMerchant();
    const r = await receiver();
    r.behave({ status: 500 });
    const endpoint = await newEndpoint(merchantId, r.url);
    await emit(merchantId);
    let at = await exhaust(Date.now());
    const delivery = await deliveryOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "failed", attemptCount: 4 });

    await resend(key, endpoint.id, delivery.id);
    await deliverAt(Date.now());
    await deliverAt((at += 60_000));
    expect(await deliveryOf(endpoint.id)).toMatchObject({ status: "failed", attemptCount: 5, nextAttemptAt: null });
    expect(r.received).toHaveLength(5);

    r.behave({ status: 200 });
    await resend(key, endpoint.id, delivery.id);
    await deliverAt(Date.now());
    expect(await deliveryOf(endpoint.id)).toMatchObject({ status: "succeeded", attemptCount: 6 });
  });

  it("resends an endpoint's failed deliveries of a time range, and only those", async () => {
    const { key, merchantId } = await createTestMerchant();
    const r = await receiver();
    r.behave({ status: 500 });
    const endpoint = await newEndpoint(merchantId, r.url);
    const before = await emit(merchantId);
    await sleep(5);
    const from = new Date().toISOString();
    await sleep(5);
    const inRange = [await emit(merchantId), await emit(merchantId)];
    await exhaust(Date.now());
    expect(await deliveryOf(endpoint.id, before)).toMatchObject({ status: "failed" });
    r.received.length = 0;

    r.behave({ status: 200 });
    const res = await bulkResend(key, endpoint.id, { created_gte: from });
    expect(res).toEqual({
      status: 200,
      body: { object: "webhook_delivery_resend", endpoint_id: endpoint.id, resent: 2 },
    });
    await deliverAt(Date.now());
    expect(new Set(r.received.map((x) => x.headers["webhook-id"]))).toEqual(new Set(inRange));
    expect(r.received).toHaveLength(2);
    expect(await deliveryOf(endpoint.id, before)).toMatchObject({ status: "failed", attemptCount: 4 });
    for (const id of inRange)
      expect(await deliveryOf(endpoint.id, id)).toMatchObject({ status: "succeeded", attemptCount: 5 });
    expect((await bulkResend(key, endpoint.id, { created_gte: from })).body.resent).toBe(0);
  });

  it("refuses resends to a disabled or deleted endpoint, and bad ranges, with clear 4xx", async () => {
    const { key, merchantId } = await createTestMerchant();
    const r = await receiver();
    const endpoint = await newEndpoint(merchantId, r.url);
    await emit(merchantId);
    const delivery = await deliveryOf(endpoint.id);

    const missing = await bulkResend(key, endpoint.id, {});
    expect(missing).toMatchObject({
      status: 422,
      body: { error: { code: "parameter_missing", param: "created_gte" } },
    });
    const backwards = await bulkResend(key, endpoint.id, {
      created_gte: "2026-01-02T00:00:00Z",
      created_lt: "2026-01-01T00:00:00Z",
    });
    expect(backwards).toMatchObject({
      status: 422,
      body: {
        error: {
          code: "parameter_invalid",
          param: "created_lt",
          message: "created_lt must be later than created_gte.",
        },
      },
    });
    expect((await bulkResend(key, endpoint.id, { created_gte: "yesterday" })).body.error).toMatchObject({
      code: "parameter_invalid",
      param: "created_gte",
    });
    expect((await resend(key, endpoint.id, "wd_nope")).body.error).toMatchObject({
      code: "resource_missing",
      param: "delivery_id",
    });

    await updateEndpointRoute(
      apiRequest("POST", `/api/v1/webhook_endpoints/${endpoint.id}`, { key, body: { disabled: true } }),
      params({ id: endpoint.id }),
    );
    const message = `Webhook endpoint '${endpoint.id}' is disabled: enable it (POST with "disabled": false) before resending to it.`;
    expect(await resend(key, endpoint.id, delivery.id)).toEqual({
      status: 409,
      body: { error: { type: "invalid_request_error", code: "endpoint_disabled", message } },
    });
    expect((await bulkResend(key, endpoint.id, { created_gte: "2026-01-01T00:00:00Z" })).status).toBe(409);

    await deleteEndpointRoute(
      apiRequest("DELETE", `/api/v1/webhook_endpoints/${endpoint.id}`, { key }),
      params({ id: endpoint.id }),
    );
    expect((await resend(key, endpoint.id, delivery.id)).status).toBe(404);
    expect((await deliveries(key, endpoint.id)).status).toBe(404);
    expect(r.received).toHaveLength(0);
  });
});
