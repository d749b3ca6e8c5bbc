// Property: no request to the public API, however malformed, is a 5xx. Every route handler under
// app/api/v1 is called in process (test/route-fetch.ts) with a real key, on the real database, with
// generated ids (NUL bytes, unicode, huge, well-formed and not), query strings and JSON bodies.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestMerchant } from "@/test/fixtures";
import { routeFetch } from "@/test/route-fetch";
import { withEnv } from "@/test/webhook-kit";

const BASE = "http://payrail.test/api/v1";

// Every route and method of app/api/v1, and the catch-all 404.
const ROUTES: [method: string, template: string][] = [
  ["GET", "/auto_withdrawals"],
  ["POST", "/auto_withdrawals"],
  ["DELETE", "/auto_withdrawals/{id}"],
  ["GET", "/balance_transactions"],
  ["GET", "/balance_transactions/{id}"],
  ["GET", "/balances"],
  ["GET", "/events"],
  ["GET", "/events/{id}"],
  ["GET", "/exports/{id}"],
  ["GET", "/invoice_schedules"],
  ["POST", "/invoice_schedules"],
  ["GET", "/invoice_schedules/{id}"],
  ["POST", "/invoice_schedules/{id}/pause"],
  ["POST", "/invoice_schedules/{id}/resume"],
  ["POST", "/invoice_schedules/{id}/cancel"],
  ["POST", "/invoice_schedules/{id}/advance"],
  ["GET", "/invoices"],
  ["POST", "/invoices"],
  ["GET", "/invoices/{id}"],
  ["POST", "/invoices/{id}/cancel"],
  ["GET", "/invoices/{id}/events"],
  ["POST", "/invoices/{id}/resolve"],
  ["GET", "/networks"],
  ["GET", "/reconciliation"],
  ["GET", "/webhook_endpoints"],
  ["POST", "/webhook_endpoints"],
  ["GET", "/webhook_endpoints/{id}"],
  ["POST", "/webhook_endpoints/{id}"],
  ["DELETE", "/webhook_endpoints/{id}"],
  ["POST", "/webhook_endpoints/{id}/rotate_secret"],
  ["GET", "/webhook_endpoints/{id}/deliveries"],
  ["POST", "/webhook_endpoints/{id}/deliveries/resend"],
  ["GET", "/webhook_endpoints/{id}/deliveries/{id}"],
  ["POST", "/webhook_endpoints/{id}/deliveries/{id}/resend"],
  ["GET", "/withdrawals"],
  ["GET", "/withdrawals/{id}"],
  ["GET", "/refunds"],
  ["POST", "/refunds"],
  ["GET", "/refunds/{id}"],
  ["POST", "/refunds/{id}/cancel"],
  ["POST", "/refunds/{id}/claim_link"],
  ["GET", "/no_such_route/{id}"],
];

// Names the routes read, so that generated values reach the schemas and queries behind them.
const KEYS = [
  "limit",
  "starting_after",
  "ending_before",
  "status",
  "type",
  "created_gte",
  "created_lt",
  "created[gte]",
  "network",
  "asset",
  "event_id",
  "search",
  "from",
  "to",
  "days",
  "order_id",
  "customer_email",
  "amount",
  "currency",
  "url",
  "events",
  "description",
  "metadata",
  "expires_in",
  "interval",
  "interval_count",
  "start_at",
  "order_id_prefix",
  "customer",
  "redirect_url",
  "payment_methods",
  "action",
  "note",
  "refund_address",
  "refund_amount",
  "refund_asset",
  "refund_network",
  "address",
  "threshold",
  "keep",
  "enabled",
  "id",
  "kind",
  "confirmations",
  "invoice",
  "reason",
  "\u0000",
];

const nasty = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "inv_\u0000",
    "%00",
    "'; drop table invoices; --",
    "\ud800",
    "😀",
    "..",
    ".",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "2026-13-45",
    "9999-12-31T23:59:59Z",
    "-271821-04-20T00:00:00Z",
    "null",
    "true",
    "",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.stringMatching(/^(inv|evt|we|wd|txn|pay)_[A-Za-z0-9]{0,30}$/),
  fc.integer().map(String),
);

const id = fc
  .oneof(nasty, fc.constantFrom("invoices.csv", "payments.csv", "x.csv")) // A path segment is percent-encoded UTF-8: a lone surrogate cannot be sent in a URL at all.
  .filter((s) => s.length > 0 && s !== "." && s !== ".." && !/\p{Cs}/u.test(s));

const value: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 4 }),
  fc.dictionary(nasty, nasty, { maxKeys: 3 }),
);

const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }).map((b) => JSON.stringify(b)),
  fc.jsonValue().map((b) => JSON.stringify(b)),
  nasty, // not JSON at all
);

const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), nasty), nasty), { maxLength: 5 });

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  ids: fc.tuple(id, id),
  query,
  body,
  json: fc.boolean(),
});

type Sample = typeof request extends fc.Arbitrary<infer T> ? T : never;

async function send(key: string, s: Sample): Promise<number> {
  const [method, template] = s.route;
  let i = 0;
  const path = template.replace(/\{id\}/g, () => encodeURIComponent(s.ids[i++]!));
  const search = new URLSearchParams(s.query).toString();
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (s.json) headers["content-type"] = "application/json";
  const res = await routeFetch(`${BASE}${path}${search ? `?${search}` : ""}`, {
    method,
    headers,
    body: method === "POST" ? s.body : undefined,
  });
  await res.body?.cancel();
  return res.status;
}

describe("fuzzing every public API route", () => {
  let key: string;
  let restoreEnv: () => void;
  beforeAll(async () => {
    // The per-key rate limit would answer most of 10,000 requests with a 429 before any handler ran.
    restoreEnv = withEnv({ API_RATE_LIMIT_PER_MINUTE: "1000000" });
    ({ key } = await createTestMerchant());
  });
  afterAll(() => restoreEnv());

  it("answers the documented NUL cases with 404 and 422", async () => {
    expect(
      await send(key, { route: ["GET", "/invoices/{id}"], ids: ["\u0000", ""], query: [], body: "", json: false }),
    ).toBe(404);
    expect(
      await send(key, { route: ["GET", "/events/{id}"], ids: ["evt_\u0000x", ""], query: [], body: "", json: false }),
    ).toBe(404);
    expect(
      await send(key, {
        route: ["GET", "/invoices"],
        ids: ["", ""],
        query: [["starting_after", "inv_\u0000"]],
        body: "",
        json: false,
      }),
    ).toBe(422);
    const nulBody = JSON.stringify({ url: "https://93.184.215.14/\u0000", events: ["*"] });
    expect(
      await send(key, { route: ["POST", "/webhook_endpoints"], ids: ["", ""], query: [], body: nulBody, json: true }),
    ).toBe(422);
    const nulMetadata = JSON.stringify({ amount: "1.00", currency: "USDC", metadata: { order: "a\u0000b" } });
    expect(
      await send(key, { route: ["POST", "/invoices"], ids: ["", ""], query: [], body: nulMetadata, json: true }),
    ).toBe(422);
  });

  it("never answers 5xx over 10,000 generated requests", async () => {
    const failures: string[] = [];
    let sent = 0;
    let limited = 0;
    // Batches of 16 concurrent requests: the database is the bottleneck, not the generator.
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 16, maxLength: 16 }), async (batch) => {
        const statuses = await Promise.all(batch.map((s) => send(key, s)));
        sent += batch.length;
        limited += statuses.filter((status) => status === 429).length;
        statuses.forEach((status, j) => {
          if (status >= 500) failures.push(`${status} ${JSON.stringify(batch[j])}`);
        });
        return statuses.every((status) => status < 500);
      }),
      { numRuns: 625, endOnFailure: true },
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(limited).toBe(0);
  }, 300_000);
});
