import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as getEventRoute } from "@/app/api/v1/events/[id]/route";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { POST as createEndpointRoute } from "@/app/api/v1/webhook_endpoints/route";
import { POST as rotateRoute } from "@/app/api/v1/webhook_endpoints/[id]/rotate_secret/route";
import { apiRequest, createTestMerchant, params, webhookHeaders } from "@/test/fixtures";
import { receiverPool, type ReceivedRequest } from "@/test/programmable-receiver";
import { deliverAt, emit } from "@/test/webhook-kit";

const receivers = receiverPool();
afterEach(async () => {
  vi.useRealTimers();
  await receivers.downAll();
});

async function setup() {
  const { key, merchantId } = await createTestMerchant();
  const r = await receivers.start();
  const res = await createEndpointRoute(
    apiRequest("POST", "/api/v1/webhook_endpoints", { key, body: { url: r.url, events: ["*"] } }),
    params({}),
  );
  const endpoint = (await res.json()) as { id: string; secret: string };
  return { key, merchantId, r, endpoint };
}

/** Verify as a merchant's receiver would, with the clock at `at` (epoch ms) when given. */
function verify(
  secret: string,
  req: ReceivedRequest,
  opts: { at?: number; body?: string; headers?: Record<string, string> } = {},
): unknown {
  if (opts.at !== undefined) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(opts.at);
  }
  try {
    return new Webhook(secret).verify(opts.body ?? req.body, opts.headers ?? webhookHeaders(req));
  } finally {
    vi.useRealTimers();
  }
}

describe("Standard Webhooks signatures, checked with the standardwebhooks library", () => {
  it("verifies a real invoice event, and rejects a changed body, a changed timestamp, and a replay over 5 minutes later", async () => {
    const { key, r, endpoint } = await setup();
    const res = await createInvoiceRoute(
      apiRequest("POST", "/api/v1/invoices", { key, body: { amount: "12.50", currency: "USDC", order_id: "order-7" } }),
      params({}),
    );
    expect(res.status).toBe(201);
    const invoice = (await res.json()) as { id: string };
    const sentAt = Date.now();
    await deliverAt(sentAt);

    expect(r.received).toHaveLength(1);
    const req = r.received[0]!;
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["webhook-timestamp"]).toBe(String(Math.floor(sentAt / 1000)));
    expect(req.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const event = verify(endpoint.secret, req) as {
      id: string;
      type: string;
      data: { object: { id: string; order_id: string } };
    };
    expect(event).toMatchObject({
      id: req.headers["webhook-id"],
      object: "event",
      type: "invoice.created",
      data: { object: { id: invoice.id, order_id: "order-7" } },
    });
    // The API's event is the very object the webhook carried.
    const api = await getEventRoute(apiRequest("GET", `/api/v1/events/${event.id}`, { key }), params({ id: event.id }));
    expect(await api.json()).toEqual(JSON.parse(req.body));

    expect(() => verify(endpoint.secret, req, { body: req.body.replace('"order-7"', '"order-8"') })).toThrow(
      "No matching signature found",
    );
    const headers = webhookHeaders(req);
    const later = { ...headers, "webhook-timestamp": String(Number(headers["webhook-timestamp"]) + 1) };
    expect(() => verify(endpoint.secret, req, { headers: later })).toThrow("No matching signature found");
    expect(() => verify(endpoint.secret, req, { headers: { ...headers, "webhook-id": "evt_someoneelse" } })).toThrow(
      "No matching signature found",
    );
    expect(() => verify(endpoint.secret, req, { at: sentAt + 4 * 60_000 })).not.toThrow();
    expect(() => verify(endpoint.secret, req, { at: sentAt + 5 * 60_000 + 1000 })).toThrow("Message timestamp too old");
    expect(() => verify("whsec_" + Buffer.alloc(32, 7).toString("base64"), req)).toThrow("No matching signature found");
  });

  it("signs every attempt with its own timestamp, so a retry hours later still verifies", async () => {
    const { merchantId, r, endpoint } = await setup();
    r.behave({ status: 500 });
    await emit(merchantId);
    const t0 = Date.now();
    await deliverAt(t0);
    r.behave({ status: 200 });
    await deliverAt(t0 + 1200);
    expect(r.received.map((x) => x.headers["webhook-timestamp"])).toEqual([
      String(Math.floor(t0 / 1000)),
      String(Math.floor((t0 + 1200) / 1000)),
    ]);
    expect(verify(endpoint.secret, r.received[0]!, { at: t0 })).toMatchObject({ type: "invoice.paid" });
    expect(verify(endpoint.secret, r.received[1]!, { at: t0 + 1200 })).toMatchObject({ type: "invoice.paid" });
  });
});

describe("secret rotation", () => {
  it("signs with both secrets for 24 hours after a rotation, then with the new one only", async () => {
    const { key, merchantId, r, endpoint } = await setup();
    const oldSecret = endpoint.secret;
    const res = await rotateRoute(
      apiRequest("POST", `/api/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { key }),
      params({ id: endpoint.id }),
    );
    const rotated = (await res.json()) as { secret: string; previous_secret_expires_at: string };
    const newSecret = rotated.secret;
    const overlapEnds = Date.parse(rotated.previous_secret_expires_at);

    await emit(merchantId);
    const during = overlapEnds - 1000;
    await deliverAt(during);
    await emit(merchantId);
    const after = overlapEnds + 1000;
    await deliverAt(after);

    expect(r.received).toHaveLength(2);
    const [inOverlap, afterOverlap] = r.received as [ReceivedRequest, ReceivedRequest];
    expect(String(inOverlap.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(String(inOverlap.headers["webhook-signature"])).toMatch(/^v1,\S+ v1,\S+$/);
    expect(verify(newSecret, inOverlap, { at: during })).toMatchObject({ object: "event" });
    expect(verify(oldSecret, inOverlap, { at: during })).toMatchObject({ object: "event" });

    expect(String(afterOverlap.headers["webhook-signature"])).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verify(newSecret, afterOverlap, { at: after })).toMatchObject({ object: "event" });
    expect(() => verify(oldSecret, afterOverlap, { at: after })).toThrow("No matching signature found");
  });
});
