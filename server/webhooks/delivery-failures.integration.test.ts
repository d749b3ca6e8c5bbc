import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { sealSecret } from "@/server/crypto/secret-box";
import { newId } from "@/server/ids";
import { createTestMerchant } from "@/test/fixtures";
import { receiverPool, type Behaviour } from "@/test/programmable-receiver";
import { deliverAt, deliveryOf, emit, newEndpoint, withEnv } from "@/test/webhook-kit";
import type { TargetAddress } from "./resolve-webhook-target";
import { sendWebhook } from "./send-webhook";
import { generateWebhookSecret } from "./sign";

// The real delivery code on a shortened configuration: a 500 ms receiver timeout, and the test
// schedule of 1 s between attempts (WEBHOOK_RETRY_SCHEDULE=1,1,1 from the test setup).
let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = withEnv({ WEBHOOK_TIMEOUT_MS: "500" });
});
afterAll(() => restoreEnv());

const receivers = receiverPool();
const receiver = receivers.start;
afterEach(() => receivers.downAll());

describe("a receiver that is down, then recovers", () => {
  const cases: [
    string,
    Behaviour | "refuse",
    (port: number) => Partial<{ statusCode: number | null; error: string | null; responseBody: string | null }>,
    number,
  ][] = [
    [
      "refuses connections",
      "refuse",
      (port) => ({ statusCode: null, error: `Connection refused by 127.0.0.1:${port}.`, responseBody: null }),
      0,
    ],
    [
      "answers 500",
      { status: 500, body: "database is down" },
      () => ({ statusCode: 500, error: null, responseBody: null }),
      1,
    ],
    [
      "never answers",
      "hang",
      () => ({ statusCode: null, error: "Timed out: no response within 500 ms.", responseBody: null }),
      1,
    ],
    [
      "answers 200 only after 20 s",
      { status: 200, delayMs: 20_000 },
      () => ({ statusCode: null, error: "Timed out: no response within 500 ms.", responseBody: null }),
      1,
    ],
  ];

  it.each(cases)(
    "gets the delivery on the next scheduled attempt when it %s at first",
    async (_name, first, firstAttempt, firstReceived) => {
      const { merchantId } = await createTestMerchant();
      const r = await receiver({ listening: first !== "refuse" });
      if (first !== "refuse") r.behave(first);
      const endpoint = await newEndpoint(merchantId, r.url);
      const eventId = await emit(merchantId);
      const t0 = Date.now();

      await deliverAt(t0);
      let d = await deliveryOf(endpoint.id);
      expect(d).toMatchObject({ eventId, status: "pending", attemptCount: 1, succeededAt: null });
      expect(d.attempts).toHaveLength(1);
      expect(d.attempts[0]).toMatchObject({ attemptedAt: new Date(t0), ...firstAttempt(r.port) });
      if (first === "hang" || (typeof first === "object" && first.delayMs))
        expect(d.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(500);
      // 1 s later, ±10% jitter.
      expect(d.nextAttemptAt!.getTime() - t0).toBeGreaterThanOrEqual(900);
      expect(d.nextAttemptAt!.getTime() - t0).toBeLessThanOrEqual(1100);
      expect(r.received).toHaveLength(firstReceived);

      // The receiver recovers; nothing is sent before the next attempt is due.
      await r.down();
      await r.up();
      r.behave({ status: 200, body: "thanks" });
      await deliverAt(t0 + 500);
      expect(r.received).toHaveLength(firstReceived);
      expect((await deliveryOf(endpoint.id)).attemptCount).toBe(1);

      await deliverAt(t0 + 1200);
      d = await deliveryOf(endpoint.id);
      expect(d).toMatchObject({
        status: "succeeded",
        attemptCount: 2,
        nextAttemptAt: null,
        succeededAt: new Date(t0 + 1200),
      });
      expect(d.attempts.map((a) => [a.attemptedAt.getTime(), a.statusCode, a.responseBody, a.error])).toEqual([
        [t0, firstAttempt(r.port).statusCode, firstAttempt(r.port).responseBody, firstAttempt(r.port).error],
        [t0 + 1200, 200, null, null],
      ]);
      expect(r.received).toHaveLength(firstReceived + 1);
      expect(r.received.map((x) => x.headers["webhook-id"])).toEqual(Array(firstReceived + 1).fill(eventId));
      expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeNull();
    },
  );

  it("follows the whole default schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up", async () => {
    const restore = withEnv({ WEBHOOK_RETRY_SCHEDULE: undefined });
    try {
      const { merchantId } = await createTestMerchant();
      const r = await receiver();
      r.behave({ status: 503 });
      const endpoint = await newEndpoint(merchantId, r.url);
      await emit(merchantId);
      const delays = [5, 300, 1800, 7200, 18000, 36000, 36000];
      let at = Date.now();
      for (let attempt = 1; attempt <= 8; attempt++) {
        await deliverAt(at);
        const d = await deliveryOf(endpoint.id);
        expect(d.attemptCount).toBe(attempt);
        expect(r.received).toHaveLength(attempt);
        const delay = delays[attempt - 1];
        if (delay === undefined) {
          expect(d).toMatchObject({ status: "failed", nextAttemptAt: null });
          break;
        }
        expect(d.status).toBe("pending");
        const waited = d.nextAttemptAt!.getTime() - at;
        expect(waited).toBeGreaterThanOrEqual(delay * 900);
        expect(waited).toBeLessThanOrEqual(delay * 1100);
        // One millisecond early: not yet.
        await deliverAt(d.nextAttemptAt!.getTime() - 1);
        expect(r.received).toHaveLength(attempt);
        at = d.nextAttemptAt!.getTime();
      }
      const d = await deliveryOf(endpoint.id);
      expect(d.attempts.map((a) => a.statusCode)).toEqual(Array(8).fill(503));
      await deliverAt(at + 100 * 3600_000);
      expect(r.received).toHaveLength(8);
    } finally {
      restore();
    }
  });

  it("counts a redirect as a failed attempt and does not follow it", async () => {
    const { merchantId } = await createTestMerchant();
    const elsewhere = await receiver();
    const r = await receiver();
    r.behave({ status: 301, headers: { location: elsewhere.url } });
    const endpoint = await newEndpoint(merchantId, r.url);
    await emit(merchantId);
    await deliverAt(Date.now());
    const d = await deliveryOf(endpoint.id);
    expect(d).toMatchObject({ status: "pending", attemptCount: 1 });
    expect(d.attempts[0]).toMatchObject({
      statusCode: 301,
      error: `Redirect not followed (HTTP 301 to ${elsewhere.url}).`,
    });
    expect(r.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });

  // Bodies of private targets (every receiver here) are never stored: the HTTP layer is tested directly.
  const sendTo = (port: number) =>
    sendWebhook({
      url: new URL(`http://127.0.0.1:${port}/hooks`),
      addresses: [{ address: "127.0.0.1", family: 4 }],
      headers: {},
      body: "{}",
      timeoutMs: 500,
    });

  it("keeps only the first KB of a response body", async () => {
    const r = await receiver();
    r.behave({ status: 200, body: "x".repeat(5000) });
    expect(await sendTo(r.port)).toMatchObject({ ok: true, statusCode: 200, responseBody: "x".repeat(1024) });
  });

  it("reads a response with NUL bytes (which PostgreSQL text cannot hold) without them", async () => {
    const r = await receiver();
    r.behave({ status: 500, body: "bad\u0000request" });
    expect(await sendTo(r.port)).toMatchObject({ ok: false, statusCode: 500, responseBody: "badrequest" });
  });

  it("never stores the response body of a private target, failed or delivered", async () => {
    const { merchantId } = await createTestMerchant();
    const r = await receiver();
    r.behave({ status: 500, body: "internal admin page" });
    const endpoint = await newEndpoint(merchantId, r.url);
    await emit(merchantId);
    await deliverAt(Date.now());
    expect((await deliveryOf(endpoint.id)).attempts.map((a) => [a.statusCode, a.responseBody])).toEqual([[500, null]]);
  });
});

describe("the SSRF guard at delivery", () => {
  /** A live endpoint as stored (its URL passed the check at creation, when its host resolved elsewhere). */
  async function liveEndpointRow(merchantId: string, url: string): Promise<string> {
    const id = newId("we");
    await db().webhookEndpoint.create({
      data: {
        id,
        merchantId,
        livemode: true,
        url,
        events: ["*"],
        secretEncrypted: sealSecret(generateWebhookSecret()),
      },
    });
    return id;
  }

  it("refuses a live endpoint whose host now resolves to loopback, and records why", async () => {
    const { merchantId } = await createTestMerchant({ live: true });
    const r = await receiver();
    const id = await liveEndpointRow(merchantId, `https://localhost:${r.port}/hooks`);
    await emit(merchantId, { livemode: true });
    const t0 = Date.now();
    await deliverAt(t0);
    const d = await deliveryOf(id);
    expect(d).toMatchObject({ status: "pending", attemptCount: 1 });
    expect(d.attempts.map((a) => [a.statusCode, a.latencyMs, a.error])).toEqual([
      [
        null,
        0,
        "Refused before sending: The webhook URL points at localhost, which resolves to a loopback address: live-mode endpoints must be reachable on the public internet.",
      ],
    ]);
    expect(d.nextAttemptAt!.getTime() - t0).toBeGreaterThanOrEqual(900);
    expect(r.received).toHaveLength(0);
  });

  it("refuses a host that rebinds to a private address, or mixes public and private ones", async () => {
    const { merchantId } = await createTestMerchant({ live: true });
    const rebinding = await liveEndpointRow(merchantId, "https://rebind.test/hooks");
    const mixed = await liveEndpointRow(merchantId, "https://mixed.test/hooks");
    const answers: Record<string, TargetAddress[]> = {
      "rebind.test": [{ address: "10.0.0.7", family: 4 }],
      "mixed.test": [
        { address: "93.184.215.14", family: 4 },
        { address: "::ffff:192.168.1.1", family: 6 },
      ],
    };
    await emit(merchantId, { livemode: true });
    await deliverAt(Date.now(), { lookup: async (host) => answers[host] ?? [] });
    expect((await deliveryOf(rebinding)).attempts.map((a) => a.error)).toEqual([
      "Refused before sending: The webhook URL points at rebind.test, which resolves to a private address: live-mode endpoints must be reachable on the public internet.",
    ]);
    expect((await deliveryOf(mixed)).attempts.map((a) => a.error)).toEqual([
      "Refused before sending: The webhook URL points at mixed.test, which resolves to a private address: live-mode endpoints must be reachable on the public internet.",
    ]);
  });

  it("refuses a test-mode endpoint on this machine without the development flag, sending nothing", async () => {
    const { merchantId } = await createTestMerchant();
    const r = await receiver();
    const endpoint = await newEndpoint(merchantId, r.url);
    await emit(merchantId);
    const restore = withEnv({ PAYRAIL_ALLOW_PRIVATE_WEBHOOKS: "0" });
    try {
      await deliverAt(Date.now());
    } finally {
      restore();
    }
    expect((await deliveryOf(endpoint.id)).attempts.map((a) => [a.statusCode, a.responseBody, a.error])).toEqual([
      [
        null,
        null,
        "Refused before sending: The webhook URL points at 127.0.0.1, a loopback address: endpoints must be reachable on the public internet (private networks only in local development).",
      ],
    ]);
    expect(r.received).toHaveLength(0);
  });

  it("connects to the address it checked, without resolving the host a second time", async () => {
    const { merchantId } = await createTestMerchant();
    const r = await receiver();
    const endpoint = await newEndpoint(merchantId, `http://127.0.0.1:${r.port}/hooks`);
    await db().webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { url: `http://pinned.test:${r.port}/hooks` },
    });
    await emit(merchantId);
    const lookups: string[] = [];
    await deliverAt(Date.now(), {
      lookup: async (host) => {
        if (host !== "pinned.test") return []; // other tests' leftover deliveries: refused, never sent
        lookups.push(host);
        if (lookups.length > 1) throw new Error("resolved twice");
        return [{ address: "127.0.0.1", family: 4 }];
      },
    });
    expect(lookups).toEqual(["pinned.test"]);
    expect((await deliveryOf(endpoint.id)).status).toBe("succeeded");
    expect(r.received.map((x) => [x.headers.host, x.path])).toEqual([[`pinned.test:${r.port}`, "/hooks"]]);
  });
});
