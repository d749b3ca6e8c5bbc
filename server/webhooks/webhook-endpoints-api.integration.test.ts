import { lookup } from "node:dns/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/webhook_endpoints/route";
import { DELETE as deleteRoute, GET as getRoute, POST as updateRoute } from "@/app/api/v1/webhook_endpoints/[id]/route";
import { POST as rotateRoute } from "@/app/api/v1/webhook_endpoints/[id]/rotate_secret/route";
import { db } from "@/server/db";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { withEnv } from "@/test/webhook-kit";

type Json = Record<string, unknown> & { error?: { type: string; code: string; message: string; param?: string } };

async function create(key: string, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await createRoute(apiRequest("POST", "/api/v1/webhook_endpoints", { key, body }), params({}));
  return { status: res.status, body: await res.json() };
}

async function call(
  route: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>,
  method: string,
  id: string,
  key: string,
  body?: unknown,
  suffix = "",
): Promise<{ status: number; body: Json }> {
  const res = await route(
    apiRequest(method, `/api/v1/webhook_endpoints/${id}${suffix}`, { key, body }),
    params({ id }),
  );
  return { status: res.status, body: await res.json() };
}

async function list(
  key: string,
  query = "",
): Promise<{ status: number; body: Json & { data: Json[]; has_more: boolean } }> {
  const res = await listRoute(apiRequest("GET", `/api/v1/webhook_endpoints${query}`, { key }), params({}));
  return { status: res.status, body: await res.json() };
}

describe("the webhook endpoints API", () => {
  let key: string;
  beforeAll(async () => {
    ({ key } = await createTestMerchant());
  });

  it("creates an endpoint, shows the secret only in the creation response, and never again", async () => {
    const created = await create(key, {
      url: "http://localhost:4000/hooks",
      events: ["invoice.paid", "invoice.paid", "invoice.expired"],
      description: "orders",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: "webhook_endpoint",
      livemode: false,
      url: "http://localhost:4000/hooks",
      description: "orders",
      events: ["invoice.paid", "invoice.expired"],
      status: "enabled",
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
      previous_secret_expires_at: null,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const id = created.body.id as string;
    expect(id).toMatch(/^we_[0-9A-Za-z]{22}$/);

    const got = await call(getRoute, "GET", id, key);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty("secret");
    expect(got.body).toEqual({ ...created.body, secret: undefined, updated_at: got.body.updated_at });
    const listed = await list(key);
    expect(listed.body.data.find((e) => e.id === id)).not.toHaveProperty("secret");
    // Stored encrypted, not as the secret itself.
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(row.secretEncrypted).not.toContain((created.body.secret as string).slice(6));
  });

  it("lists endpoints newest first, page by page", async () => {
    const { key: k } = await createTestMerchant();
    const ids: string[] = [];
    for (const n of [1, 2, 3])
      ids.push((await create(k, { url: `http://127.0.0.1:900${n}/`, events: ["*"] })).body.id as string);
    const first = await list(k, "?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.object).toBe("list");
    expect(first.body.data.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.has_more).toBe(true);
    const second = await list(k, `?limit=2&starting_after=${ids[1]}`);
    expect(second.body.data.map((e) => e.id)).toEqual([ids[0]]);
    expect(second.body.has_more).toBe(false);
    const back = await list(k, `?limit=2&ending_before=${ids[0]}`);
    expect(back.body.data.map((e) => e.id)).toEqual([ids[2], ids[1]]);
  });

  it("updates only the fields given, and description null clears it", async () => {
    const id = (await create(key, { url: "http://127.0.0.1:9100/a", events: ["*"], description: "first" })).body
      .id as string;
    const updated = await call(updateRoute, "POST", id, key, {
      url: "http://127.0.0.1:9100/b",
      events: ["payment.confirmed"],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id,
      url: "http://127.0.0.1:9100/b",
      events: ["payment.confirmed"],
      description: "first",
      status: "enabled",
    });
    const cleared = await call(updateRoute, "POST", id, key, { description: null });
    expect(cleared.body).toMatchObject({
      url: "http://127.0.0.1:9100/b",
      events: ["payment.confirmed"],
      description: null,
    });
  });

  it("disables an endpoint with the reason shown, and enables it again", async () => {
    const id = (await create(key, { url: "http://127.0.0.1:9101/", events: ["*"] })).body.id as string;
    const disabled = await call(updateRoute, "POST", id, key, { disabled: true });
    expect(disabled.body).toMatchObject({ status: "disabled", disabled_reason: "Disabled through the API." });
    expect(Date.parse(disabled.body.disabled_at as string)).toBeGreaterThan(Date.now() - 10_000);
    const enabled = await call(updateRoute, "POST", id, key, { disabled: false });
    expect(enabled.body).toMatchObject({
      status: "enabled",
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
    });
  });

  it("deletes an endpoint: gone from the list, and a 404 for every operation after", async () => {
    const id = (await create(key, { url: "http://127.0.0.1:9102/", events: ["*"] })).body.id as string;
    const deleted = await call(deleteRoute, "DELETE", id, key);
    expect(deleted).toEqual({ status: 200, body: { id, object: "webhook_endpoint", deleted: true } });
    const missing = {
      type: "invalid_request_error",
      code: "resource_missing",
      message: `No such webhook endpoint: '${id}'.`,
      param: "id",
    };
    expect(await call(getRoute, "GET", id, key)).toEqual({ status: 404, body: { error: missing } });
    expect(await call(updateRoute, "POST", id, key, { description: "x" })).toEqual({
      status: 404,
      body: { error: missing },
    });
    expect(await call(deleteRoute, "DELETE", id, key)).toEqual({ status: 404, body: { error: missing } });
    expect(await call(rotateRoute, "POST", id, key, undefined, "/rotate_secret")).toEqual({
      status: 404,
      body: { error: missing },
    });
    expect((await list(key, "?limit=100")).body.data.map((e) => e.id)).not.toContain(id);
    expect(await db().webhookEndpoint.findUniqueOrThrow({ where: { id }, select: { enabled: true } })).toEqual({
      enabled: false,
    });
  });

  it("answers 404 for another merchant's endpoint and for the other mode's", async () => {
    const id = (await create(key, { url: "http://127.0.0.1:9103/", events: ["*"] })).body.id as string;
    const other = await createTestMerchant();
    const live = await createTestMerchant({ live: true });
    for (const k of [other.key, live.key]) {
      const res = await call(getRoute, "GET", id, k);
      expect(res.status).toBe(404);
      expect(res.body.error?.code).toBe("resource_missing");
    }
    const res = await call(updateRoute, "POST", id, other.key, { disabled: true });
    expect(res.status).toBe(404);
    expect((await call(getRoute, "GET", id, key)).body.status).toBe("enabled");
  });

  it("rotates the secret: a new one shown once, the old one signing for 24 hours more", async () => {
    const created = await create(key, { url: "http://127.0.0.1:9104/", events: ["*"] });
    const before = Date.now();
    const rotated = await call(rotateRoute, "POST", created.body.id as string, key, undefined, "/rotate_secret");
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const expires = Date.parse(rotated.body.previous_secret_expires_at as string);
    expect(expires).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 86_400_000);
    const got = await call(getRoute, "GET", created.body.id as string, key);
    expect(got.body).not.toHaveProperty("secret");
    expect(got.body.previous_secret_expires_at).toBe(rotated.body.previous_secret_expires_at);
  });

  describe("input errors are clear 4xx", () => {
    it.each([
      [{ events: ["*"] }, 422, "parameter_missing", "url", "Missing required parameter: url."],
      [{ url: "http://127.0.0.1/" }, 422, "parameter_missing", "events", "Missing required parameter: events."],
      [
        { url: "ftp://127.0.0.1/", events: ["*"] },
        422,
        "parameter_invalid",
        "url",
        "Invalid url: url must be an http(s) URL",
      ],
      [{ url: "not a url", events: ["*"] }, 422, "parameter_invalid", "url", "Invalid url: url must be an http(s) URL"],
      [
        { url: "http://127.0.0.1/", events: [] },
        422,
        "parameter_invalid",
        "events",
        'Invalid events: list at least one event type, or ["*"] for all',
      ],
      [
        { url: "http://127.0.0.1/", events: ["invoice.paid", "invoice.nope"] },
        422,
        "parameter_invalid",
        "events[1]",
        undefined,
      ],
      [
        { url: "http://127.0.0.1/", events: ["*", "invoice.paid"] },
        422,
        "parameter_invalid",
        "events",
        'Invalid events: "*" (every event type) stands alone',
      ],
      [
        { url: "http://127.0.0.1/", events: ["*"], secret: "whsec_mine" },
        422,
        "parameter_unknown",
        "secret",
        "Received unknown parameter: secret.",
      ],
    ])("POST %j → %i %s on %s", async (body, status, code, param, message) => {
      const res = await create(key, body);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({
        type: "invalid_request_error",
        code,
        param,
        ...(message ? { message } : {}),
      });
    });

    it("refuses malformed JSON with a 400", async () => {
      const res = await createRoute(
        apiRequest("POST", "/api/v1/webhook_endpoints", { key, rawBody: "{nope" }),
        params({}),
      );
      expect(res.status).toBe(400);
      expect((await res.json()).error).toEqual({
        type: "invalid_request_error",
        code: "invalid_json",
        message: "The request body is not valid JSON.",
      });
    });

    it("refuses a bad update and a bad list query naming the parameter", async () => {
      const id = (await create(key, { url: "http://127.0.0.1:9105/", events: ["*"] })).body.id as string;
      expect((await call(updateRoute, "POST", id, key, { disabled: "yes" })).body.error).toMatchObject({
        code: "parameter_invalid",
        param: "disabled",
      });
      expect((await call(updateRoute, "POST", id, key, { enabled: true })).body.error).toMatchObject({
        code: "parameter_unknown",
        param: "enabled",
      });
      expect((await list(key, "?limit=0")).body.error).toMatchObject({ code: "parameter_invalid", param: "limit" });
      expect((await list(key, "?colour=red")).body.error).toMatchObject({ code: "parameter_unknown", param: "colour" });
      const unknown = await list(key, "?starting_after=we_doesnotexist");
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({ code: "resource_missing", param: "starting_after" });
    });

    it("refuses a request without a valid key with a 401", async () => {
      const res = await listRoute(apiRequest("GET", "/api/v1/webhook_endpoints"), params({}));
      expect(res.status).toBe(401);
    });
  });
});

describe("the SSRF guard at creation", () => {
  let liveKey: string;
  let testKey: string;
  beforeAll(async () => {
    ({ key: liveKey } = await createTestMerchant({ live: true }));
    ({ key: testKey } = await createTestMerchant());
  });

  const publicOnly = "live-mode endpoints must be reachable on the public internet";

  it.each([
    ["http://93.184.215.14/hooks", "Live-mode webhook endpoints must use https."],
    ["https://127.0.0.1/hooks", `The webhook URL points at 127.0.0.1, a loopback address: ${publicOnly}.`],
    ["https://2130706433/hooks", `The webhook URL points at 127.0.0.1, a loopback address: ${publicOnly}.`],
    ["https://0x7f.1/hooks", `The webhook URL points at 127.0.0.1, a loopback address: ${publicOnly}.`],
    ["https://[::1]/hooks", `The webhook URL points at ::1, a loopback address: ${publicOnly}.`],
    ["https://[::ffff:127.0.0.1]/hooks", `The webhook URL points at ::ffff:7f00:1, a loopback address: ${publicOnly}.`],
    ["https://10.1.2.3/hooks", `The webhook URL points at 10.1.2.3, a private address: ${publicOnly}.`],
    ["https://192.168.0.10/hooks", `The webhook URL points at 192.168.0.10, a private address: ${publicOnly}.`],
    ["https://[fd12::1]/hooks", `The webhook URL points at fd12::1, a unique-local (private) address: ${publicOnly}.`],
    ["https://100.64.1.1/hooks", `The webhook URL points at 100.64.1.1, a carrier-grade NAT address: ${publicOnly}.`],
    [
      "https://169.254.169.254/latest/meta-data/",
      `The webhook URL points at 169.254.169.254, a cloud metadata address: ${publicOnly}.`,
    ],
    ["https://[fd00:ec2::254]/", `The webhook URL points at fd00:ec2::254, a cloud metadata address: ${publicOnly}.`],
    ["https://[fe80::1]/hooks", `The webhook URL points at fe80::1, a link-local address: ${publicOnly}.`],
    ["https://0.0.0.0/hooks", `The webhook URL points at 0.0.0.0, the unspecified address: ${publicOnly}.`],
    ["https://224.0.0.1/hooks", `The webhook URL points at 224.0.0.1, a multicast address: ${publicOnly}.`],
  ])("refuses %s in live mode", async (url, message) => {
    const res = await create(liveKey, { url, events: ["*"] });
    expect(res).toEqual({
      status: 422,
      body: { error: { type: "invalid_request_error", code: "url_not_allowed", message, param: "url" } },
    });
  });

  it("resolves a hostname and refuses it in live mode when it resolves to loopback", async () => {
    const [first] = await lookup("localhost", { all: true, verbatim: true });
    expect(first).toBeDefined();
    const res = await create(liveKey, { url: "https://localhost/hooks", events: ["*"] });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({
      type: "invalid_request_error",
      code: "url_not_allowed",
      // The resolved address is not echoed (it would map the operator's internal network).
      message: `The webhook URL points at localhost, which resolves to a loopback address: ${publicOnly}.`,
      param: "url",
    });
    expect((await list(liveKey)).body.data).toEqual([]);
  });

  it("accepts a public https address in live mode (checked, not contacted)", async () => {
    const res = await create(liveKey, { url: "https://93.184.215.14/hooks", events: ["*"] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ livemode: true, url: "https://93.184.215.14/hooks" });
  });

  it("refuses a live endpoint's update to a private URL and keeps the old one", async () => {
    const id = (await create(liveKey, { url: "https://93.184.215.14/a", events: ["*"] })).body.id as string;
    const res = await call(updateRoute, "POST", id, liveKey, { url: "https://10.0.0.1/" });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "url_not_allowed", param: "url" });
    expect((await call(getRoute, "GET", id, liveKey)).body.url).toBe("https://93.184.215.14/a");
  });

  it("lets test mode use localhost and private networks, but never metadata or link-local addresses", async () => {
    expect((await create(testKey, { url: "http://localhost:3999/hooks", events: ["*"] })).status).toBe(201);
    expect((await create(testKey, { url: "http://10.0.0.5/hooks", events: ["*"] })).status).toBe(201);
    expect((await create(testKey, { url: "http://[::1]:3999/hooks", events: ["*"] })).status).toBe(201);
    const metadata = await create(testKey, { url: "http://169.254.169.254/latest/meta-data/", events: ["*"] });
    expect(metadata.body.error).toEqual({
      type: "invalid_request_error",
      code: "url_not_allowed",
      message: "The webhook URL points at 169.254.169.254, a cloud metadata address: not even in test mode.",
      param: "url",
    });
    expect((await create(testKey, { url: "http://[fe80::1]/", events: ["*"] })).body.error?.code).toBe(
      "url_not_allowed",
    );
  });

  describe("without the development flag (PAYRAIL_ALLOW_PRIVATE_WEBHOOKS off, the production default)", () => {
    let restore: () => void;
    beforeAll(() => {
      restore = withEnv({ PAYRAIL_ALLOW_PRIVATE_WEBHOOKS: undefined });
    });
    afterAll(() => restore());
    const local = "endpoints must be reachable on the public internet (private networks only in local development)";

    it.each([
      ["http://127.0.0.1:3999/hooks", `The webhook URL points at 127.0.0.1, a loopback address: ${local}.`],
      ["http://[::1]:3999/hooks", `The webhook URL points at ::1, a loopback address: ${local}.`],
      ["http://10.0.0.5/hooks", `The webhook URL points at 10.0.0.5, a private address: ${local}.`],
      ["http://192.168.1.20/hooks", `The webhook URL points at 192.168.1.20, a private address: ${local}.`],
      [
        "http://localhost:3999/hooks",
        `The webhook URL points at localhost, which resolves to a loopback address: ${local}.`,
      ],
    ])("refuses the test-mode endpoint %s", async (url, message) => {
      const res = await create(testKey, { url, events: ["*"] });
      expect(res).toEqual({
        status: 422,
        body: { error: { type: "invalid_request_error", code: "url_not_allowed", message, param: "url" } },
      });
    });

    it("still accepts a public test-mode endpoint over http", async () => {
      expect((await create(testKey, { url: "http://93.184.215.14/hooks", events: ["*"] })).status).toBe(201);
    });
  });
});

describe("credentials in webhook URLs", () => {
  it.each([
    "https://user:secret@93.184.215.14/hooks",
    "https://token@93.184.215.14/hooks",
    "http://:pw@127.0.0.1:3999/",
  ])("refuses %s with a 422, at creation and update", async (url) => {
    const { key } = await createTestMerchant();
    const message = "Webhook URLs must not contain a user name or password: verify the webhook signature instead.";
    const expected = {
      status: 422,
      body: { error: { type: "invalid_request_error", code: "url_not_allowed", message, param: "url" } },
    };
    expect(await create(key, { url, events: ["*"] })).toEqual(expected);
    const id = (await create(key, { url: "https://93.184.215.14/a", events: ["*"] })).body.id as string;
    expect(await call(updateRoute, "POST", id, key, { url })).toEqual(expected);
    expect((await call(getRoute, "GET", id, key)).body.url).toBe("https://93.184.215.14/a");
  });
});
