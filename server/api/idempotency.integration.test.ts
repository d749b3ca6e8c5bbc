import { describe, expect, it, vi } from "vitest";
import { POST as createRoute } from "@/app/api/v1/invoices/route";
import { claimIdempotencyKey, type IdempotentRequest } from "@/server/api/idempotency/claim-idempotency-key";
import { finishIdempotentRequest } from "@/server/api/idempotency/finish-idempotent-request";
import { pruneIdempotencyKeys } from "@/server/api/idempotency/prune-idempotency-keys";
import { apiRoute, json, readBody } from "@/server/api/rest";
import { db, inTransaction } from "@/server/db";
import { AppError } from "@/server/errors";
import { randomBase62 } from "@/server/ids";
import { createInvoice } from "@/server/invoices/create-invoice";
import { createInvoiceRequest } from "@/server/invoices/create-invoice.schema";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";

const noParams = params({});
const newKey = () => `idem-${randomBase62(16)}`;
const post = (apiKey: string, idempotencyKey: string | null, body: unknown, path = "/api/v1/invoices") =>
  apiRequest("POST", path, {
    key: apiKey,
    body,
    headers: idempotencyKey === null ? {} : { "idempotency-key": idempotencyKey },
  });

async function invoicesWithOrder(merchantId: string, orderId: string): Promise<number> {
  return db().invoice.count({ where: { merchantId, orderId } });
}

describe("idempotency keys on POST", () => {
  it("20 concurrent requests with one key create one invoice: one original, the others replays or 409s, all 201s identical", async () => {
    const { key, merchantId } = await createTestMerchant();
    const idem = newKey();
    const body = { amount: "12.00", currency: "USDC", order_id: "concurrent_1" };
    const responses = await Promise.all(Array.from({ length: 20 }, () => createRoute(post(key, idem, body), noParams)));
    const texts = await Promise.all(responses.map((r) => r.text()));
    const originals = responses.filter((r) => r.status === 201 && r.headers.get("idempotent-replayed") === null);
    const replays = responses.filter((r) => r.status === 201 && r.headers.get("idempotent-replayed") === "true");
    const inUse = responses.filter((r) => r.status === 409);
    expect(originals).toHaveLength(1);
    expect(replays.length + inUse.length).toBe(19);
    expect(new Set(texts.filter((_, i) => responses[i]!.status === 201)).size).toBe(1);
    for (const [i, r] of responses.entries()) {
      if (r.status === 409)
        expect(JSON.parse(texts[i]!).error).toMatchObject({
          type: "idempotency_error",
          code: "idempotency_key_in_use",
        });
    }
    expect(await invoicesWithOrder(merchantId, "concurrent_1")).toBe(1);

    // Once the first has finished, every retry is a replay of it, byte for byte.
    const original = texts[responses.indexOf(originals[0]!)]!;
    const retry = await createRoute(post(key, idem, body), noParams);
    expect([retry.status, retry.headers.get("idempotent-replayed"), retry.headers.get("content-type")]).toEqual([
      201,
      "true",
      "application/json",
    ]);
    expect(await retry.text()).toBe(original);
    expect(await invoicesWithOrder(merchantId, "concurrent_1")).toBe(1);
    // Stored encrypted (a response may hold a secret shown once), unlocked.
    const row = await db().idempotencyKey.findFirstOrThrow({ where: { merchantId, key: idem } });
    expect([row.responseStatus, row.lockedUntil, row.requestMethod, row.requestPath]).toEqual([
      201,
      null,
      "POST",
      "/api/v1/invoices",
    ]);
    expect(row.responseBody).toMatch(/^v1\./);
    expect(row.responseBody).not.toContain(JSON.parse(original).id);
  });

  it("while the first request is held in flight, exactly 19 of 20 get 409, and the handler runs once", async () => {
    const { key, merchantId } = await createTestMerchant();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    const route = apiRoute("invoices:write", async (request, auth) => {
      runs++;
      const body = await readBody(request, createInvoiceRequest);
      await gate;
      const { id } = await inTransaction(db(), (tx) =>
        createInvoice(tx, { merchantId: auth.merchantId, livemode: auth.livemode, request: body }),
      );
      return json(201, { id });
    });
    const idem = newKey();
    const settled: Response[] = [];
    const all = Array.from({ length: 20 }, () =>
      route(post(key, idem, { amount: "3.00", currency: "USDT", order_id: "held_1" }), noParams).then(
        (r) => (settled.push(r), r),
      ),
    );
    await vi.waitFor(() => expect(settled).toHaveLength(19), { timeout: 30_000, interval: 20 });
    expect(settled.map((r) => r.status)).toEqual(Array(19).fill(409));
    release();
    const responses = await Promise.all(all);
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    expect(runs).toBe(1);
    expect(await invoicesWithOrder(merchantId, "held_1")).toBe(1);
  });

  it("the same key with another body, or on another path, is a 422 and runs nothing", async () => {
    const { key, merchantId } = await createTestMerchant();
    const idem = newKey();
    expect(
      (await createRoute(post(key, idem, { amount: "1.00", currency: "USDC", order_id: "reuse_1" }), noParams)).status,
    ).toBe(201);
    // The same parameters in another order and spacing are the same body.
    const same = await createRoute(
      apiRequest("POST", "/api/v1/invoices", {
        key,
        rawBody: '{ "order_id": "reuse_1",  "currency": "USDC", "amount": "1.00" }',
        headers: { "idempotency-key": idem },
      }),
      noParams,
    );
    expect([same.status, same.headers.get("idempotent-replayed")]).toEqual([201, "true"]);

    const other = await createRoute(
      post(key, idem, { amount: "2.00", currency: "USDC", order_id: "reuse_1" }),
      noParams,
    );
    expect(other.status).toBe(422);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect((await other.json()).error).toEqual({
      type: "idempotency_error",
      code: "idempotency_key_reused",
      message:
        "Keys for idempotent requests can be used only with the same parameters they were first used with. Use a new Idempotency-Key for another request (this key was used with POST /api/v1/invoices).",
    });
    const otherPath = await createRoute(
      post(key, idem, { amount: "1.00", currency: "USDC", order_id: "reuse_1" }, "/api/v1/invoices?x=1"),
      noParams,
    );
    expect((await otherPath.json()).error.code).toBe("idempotency_key_reused");
    expect(await invoicesWithOrder(merchantId, "reuse_1")).toBe(1);
  });

  it("keys belong to one merchant and mode: another merchant's same key is a new request", async () => {
    const a = await createTestMerchant();
    const b = await createTestMerchant();
    const idem = newKey();
    const body = { amount: "1.00", currency: "USDC", order_id: "scoped_1" };
    const first = await (await createRoute(post(a.key, idem, body), noParams)).json();
    const second = await createRoute(post(b.key, idem, body), noParams);
    expect([second.status, second.headers.get("idempotent-replayed")]).toEqual([201, null]);
    expect((await second.json()).id).not.toBe(first.id);
    expect([
      await invoicesWithOrder(a.merchantId, "scoped_1"),
      await invoicesWithOrder(b.merchantId, "scoped_1"),
    ]).toEqual([1, 1]);
  });

  it("replays a 4xx answer, but not a 500: a request that failed on our side runs again", async () => {
    const { key } = await createTestMerchant();
    const idem = newKey();
    const invalid = await createRoute(post(key, idem, { amount: "1.0000001", currency: "USDC" }), noParams);
    const invalidText = await invalid.text();
    expect(invalid.status).toBe(422);
    const replayed = await createRoute(post(key, idem, { amount: "1.0000001", currency: "USDC" }), noParams);
    expect([replayed.status, replayed.headers.get("idempotent-replayed"), await replayed.text()]).toEqual([
      422,
      "true",
      invalidText,
    ]);

    let runs = 0;
    const flaky = apiRoute("invoices:write", async () => {
      runs++;
      if (runs === 1) throw new Error("database went away");
      return json(201, { ok: true });
    });
    const idem500 = newKey();
    const failed = await flaky(post(key, idem500, { a: 1 }, "/api/v1/flaky"), noParams);
    expect(failed.status).toBe(500);
    const retried = await flaky(post(key, idem500, { a: 1 }, "/api/v1/flaky"), noParams);
    expect([retried.status, retried.headers.get("idempotent-replayed"), runs]).toEqual([201, null, 2]);
  });

  it("refuses a key longer than 255 characters; without a key nothing is deduplicated", async () => {
    const { key, merchantId } = await createTestMerchant();
    const tooLong = await createRoute(
      post(key, "k".repeat(256), { amount: "1.00", currency: "USDC", order_id: "long_1" }),
      noParams,
    );
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error).toEqual({
      type: "invalid_request_error",
      code: "invalid_request",
      message: "Idempotency-Key must be 1 to 255 characters.",
    });
    expect(
      (
        await createRoute(
          post(key, "k".repeat(255), { amount: "1.00", currency: "USDC", order_id: "long_1" }),
          noParams,
        )
      ).status,
    ).toBe(201);
    for (let i = 0; i < 2; i++)
      await createRoute(post(key, null, { amount: "1.00", currency: "USDC", order_id: "nokey_1" }), noParams);
    expect([await invoicesWithOrder(merchantId, "long_1"), await invoicesWithOrder(merchantId, "nokey_1")]).toEqual([
      1, 2,
    ]);
  });
});

describe("idempotency key records", () => {
  const request = (merchantId: string, key: string): IdempotentRequest => ({
    merchantId,
    livemode: false,
    key,
    method: "POST",
    path: "/api/v1/invoices",
    hash: "h",
  });

  it("a crashed request's lock runs out: until then retries get 409, then a retry takes the key over", async () => {
    const { merchantId } = await createTestMerchant();
    const r = request(merchantId, newKey());
    const t0 = new Date("2026-05-01T10:00:00Z");
    const first = await claimIdempotencyKey(db(), { request: r, now: t0 });
    expect(first.kind).toBe("claimed");
    // The first request crashes: it never finishes.
    await expect(claimIdempotencyKey(db(), { request: r, now: new Date(t0.getTime() + 59_000) })).rejects.toMatchObject(
      { code: "idempotency_key_in_use", status: 409 },
    );
    const takeover = await claimIdempotencyKey(db(), { request: r, now: new Date(t0.getTime() + 61_000) });
    expect(takeover).toMatchObject({ kind: "claimed", id: first.kind === "claimed" ? first.id : "" });
    // The crashed request, should it wake up, can no longer record anything: the retry's outcome counts.
    if (first.kind !== "claimed" || takeover.kind !== "claimed") throw new Error("unreachable");
    expect(
      await finishIdempotentRequest(db(), {
        id: first.id,
        lockedUntil: first.lockedUntil,
        response: { status: 201, body: '{"stale":true}' },
      }),
    ).toBe(false);
    expect(
      await finishIdempotentRequest(db(), {
        id: takeover.id,
        lockedUntil: takeover.lockedUntil,
        response: { status: 201, body: '{"ok":true}' },
      }),
    ).toBe(true);
    expect(await claimIdempotencyKey(db(), { request: r, now: new Date(t0.getTime() + 62_000) })).toEqual({
      kind: "replay",
      status: 201,
      body: '{"ok":true}',
    });
    await expect(claimIdempotencyKey(db(), { request: { ...r, hash: "other" }, now: t0 })).rejects.toBeInstanceOf(
      AppError,
    );
  });

  it("keys are kept 24 hours, then pruned", async () => {
    const { merchantId } = await createTestMerchant();
    const now = new Date("2026-05-02T12:00:00Z");
    const old = request(merchantId, newKey());
    const recent = request(merchantId, newKey());
    await claimIdempotencyKey(db(), { request: old, now: new Date(now.getTime() - 24 * 3600_000 - 1000) });
    await claimIdempotencyKey(db(), { request: recent, now: new Date(now.getTime() - 24 * 3600_000 + 1000) });
    expect(await pruneIdempotencyKeys(db(), { now })).toBeGreaterThanOrEqual(1);
    const left = await db().idempotencyKey.findMany({ where: { merchantId }, select: { key: true } });
    expect(left.map((k) => k.key)).toEqual([recent.key]);
  });
});
