import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { Address } from "viem";
import { createPayrailClient, type ApiError, type Invoice, type PayrailClient } from "@payrail/client";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { createTestMerchant, mine, pay } from "@/test/fixtures";
import { routeFetch } from "@/test/route-fetch";
import { createOrderInvoice, invoiceOrMessage, isPaid, paidInvoiceIds } from "../../packages/client/examples/readme";

// The typed client (packages/client) as an integrator uses it, against the app's real route handlers
// (in process, through test/route-fetch.ts), the real database and a real devnet payment.

const BASE_URL = "http://payrail.test";
let client: PayrailClient;

beforeAll(async () => {
  const { key } = await createTestMerchant();
  client = createPayrailClient({ baseUrl: BASE_URL, apiKey: key, fetch: routeFetch });
  // Bring the scan cursors to the heads so the tick below scans only this file's blocks.
  await tick(db(), { owner: "client-test" });
});

describe("@payrail/client against the real API", () => {
  it("creates an invoice idempotently, sees it paid on the devnet with exact amounts, and reads its events", async () => {
    const body = {
      amount: "25.00",
      currency: "USDC",
      order_id: "client-order-1",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    };
    const idempotencyKey = `client-test-${Date.now()}`;
    const created = await client.POST("/api/v1/invoices", {
      body,
      params: { header: { "Idempotency-Key": idempotencyKey } },
    });
    expect(created.response.status).toBe(201);
    expect(created.error).toBeUndefined();
    const invoice = created.data!;
    expectTypeOf(invoice).toEqualTypeOf<Invoice>();
    expect(invoice).toMatchObject({
      object: "invoice",
      status: "created",
      amount: "25.00",
      currency: "USDC",
      order_id: "client-order-1",
      amount_paid: "0.00",
      amount_due: "25.00",
    });
    expect(invoice.hosted_url).toBe(`${BASE_URL}/pay/${invoice.id}`);
    expect(invoice.payment_options.map((o) => [o.network, o.asset, o.amount_base_units])).toEqual([
      ["devnet", "USDC", "25000000"],
    ]);

    // The same key and body: the first response again, marked as a replay; no second invoice.
    const replayed = await client.POST("/api/v1/invoices", {
      body,
      params: { header: { "Idempotency-Key": idempotencyKey } },
    });
    expect(replayed.response.status).toBe(201);
    expect(replayed.response.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.data).toEqual(invoice);
    // The same key with another body is refused.
    const reused = await client.POST("/api/v1/invoices", {
      body: { ...body, amount: "26.00" },
      params: { header: { "Idempotency-Key": idempotencyKey } },
    });
    expect(reused.response.status).toBe(422);
    expect(reused.error?.error.code).toBe("idempotency_key_reused");

    const address = invoice.payment_options[0]!.address as Address;
    const { hash } = await pay({ network: "devnet", asset: "USDC", to: address, amount: 25_000_000n });
    await mine("devnet", 2); // the payment's block and two more: 3 confirmations
    await tick(db(), { owner: "client-test" });

    const { data: paid, response } = await client.GET("/api/v1/invoices/{id}", {
      params: { path: { id: invoice.id } },
    });
    expect(response.status).toBe(200);
    expect(paid).toMatchObject({
      id: invoice.id,
      status: "paid",
      amount: "25.00",
      amount_paid: "25.00",
      amount_due: "0.00",
      amount_overpaid: "0.00",
      review_reason: null,
    });
    expect(paid!.paid_at).not.toBeNull();
    expect(paid!.payments).toHaveLength(1);
    expect(paid!.payments[0]).toMatchObject({
      network: "devnet",
      asset: "USDC",
      tx_hash: hash.toLowerCase(),
      to: address,
      amount: "25.00",
      amount_base_units: "25000000",
      confirmations: 3,
      required_confirmations: 3,
      status: "confirmed",
    });

    const events = await client.GET("/api/v1/invoices/{id}/events", { params: { path: { id: invoice.id } } });
    expect(events.response.status).toBe(200);
    expect(events.data!.data.map((e) => [e.sequence, e.type])).toEqual([
      [1, "invoice.created"],
      [2, "payment.detected"],
      [3, "invoice.pending"],
      [4, "payment.confirmed"],
      [5, "invoice.paid"],
    ]);
  });

  it("pages through invoices with limit and starting_after / ending_before", async () => {
    const { key } = await createTestMerchant();
    const own = createPayrailClient({ baseUrl: BASE_URL, apiKey: key, fetch: routeFetch });
    const created: Invoice[] = [];
    for (const amount of ["1.00", "2.00", "3.00"]) {
      const { data } = await own.POST("/api/v1/invoices", { body: { amount, currency: "USDT" } });
      created.push(data!);
    }
    // The API's order: newest first, ties broken by id, descending.
    const expected = [...created]
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || (a.id < b.id ? 1 : -1))
      .map((i) => i.id);

    const first = await own.GET("/api/v1/invoices", { params: { query: { limit: 2 } } });
    expect(first.response.status).toBe(200);
    expect(first.data!.object).toBe("list");
    expect(first.data!.data.map((i) => i.id)).toEqual(expected.slice(0, 2));
    expect(first.data!.has_more).toBe(true);

    const second = await own.GET("/api/v1/invoices", { params: { query: { limit: 2, starting_after: expected[1] } } });
    expect(second.data!.data.map((i) => i.id)).toEqual(expected.slice(2));
    expect(second.data!.has_more).toBe(false);

    const back = await own.GET("/api/v1/invoices", { params: { query: { limit: 2, ending_before: expected[2] } } });
    expect(back.data!.data.map((i) => i.id)).toEqual(expected.slice(0, 2));

    const created_ = await own.GET("/api/v1/invoices", { params: { query: { status: "created", limit: 10 } } });
    expect(created_.data!.data.map((i) => i.amount)).toEqual(
      expected.map((id) => created.find((i) => i.id === id)!.amount),
    );
  });

  it("returns typed errors: 422 with the parameter, 404 for another merchant's invoice, 401 for a bad key", async () => {
    const invalid = await client.POST("/api/v1/invoices", { body: { amount: "-1", currency: "USDC" } });
    expect(invalid.response.status).toBe(422);
    expect(invalid.data).toBeUndefined();
    expectTypeOf(invalid.error).toEqualTypeOf<ApiError | undefined>();
    expect(invalid.error!.error).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_invalid",
      param: "amount",
    });

    // The types refuse what the API refuses: amounts are decimal strings, never JSON numbers.
    // @ts-expect-error amount must be a string
    const numeric = await client.POST("/api/v1/invoices", { body: { amount: 25, currency: "USDC" } });
    expect(numeric.response.status).toBe(422);
    expect(numeric.error!.error).toMatchObject({ code: "parameter_invalid", param: "amount" });

    const missing = await client.POST("/api/v1/invoices", { body: { amount: "1", currency: "DOGE" } });
    expect(missing.error!.error).toMatchObject({ code: "unsupported_asset", param: "currency" });

    const { key: otherKey } = await createTestMerchant();
    const other = createPayrailClient({ baseUrl: BASE_URL, apiKey: otherKey, fetch: routeFetch });
    const { data: mine_ } = await client.POST("/api/v1/invoices", { body: { amount: "1", currency: "USDC" } });
    const hidden = await other.GET("/api/v1/invoices/{id}", { params: { path: { id: mine_!.id } } });
    expect(hidden.response.status).toBe(404);
    expect(hidden.error!.error).toEqual({
      type: "invalid_request_error",
      code: "resource_missing",
      message: `No such invoice: '${mine_!.id}'.`,
      param: "id",
    });

    const badKey = createPayrailClient({
      baseUrl: BASE_URL,
      apiKey: "sk_test_0000000000000000000000000000wrong",
      fetch: routeFetch,
    });
    const refused = await badKey.GET("/api/v1/networks");
    expect(refused.response.status).toBe(401);
    expect(refused.error!.error).toEqual({
      type: "authentication_error",
      code: "unauthenticated",
      message: "Invalid API key.",
    });
  });

  it("runs the README's examples: idempotent create, paid check, paging through paid invoices, a 422 turned into a message", async () => {
    const { key } = await createTestMerchant();
    const payrail = createPayrailClient({ baseUrl: BASE_URL, apiKey: key, fetch: routeFetch });
    const invoice = await createOrderInvoice(payrail, "readme-1");
    expect(await createOrderInvoice(payrail, "readme-1")).toEqual(invoice);
    expect(await isPaid(payrail, invoice.id)).toBe(false);
    expect(await paidInvoiceIds(payrail)).toEqual([]);

    await pay({
      network: "devnet",
      asset: "USDC",
      to: invoice.payment_options[0]!.address as Address,
      amount: 25_000_000n,
    });
    await mine("devnet", 2);
    await tick(db(), { owner: "client-test" });
    expect(await isPaid(payrail, invoice.id)).toBe(true);
    expect(await paidInvoiceIds(payrail)).toEqual([invoice.id]);

    expect(await invoiceOrMessage(payrail, "-1")).toMatch(/^Check the amount: /);
    expect(await invoiceOrMessage(payrail, "2.00")).toMatchObject({
      object: "invoice",
      amount: "2.00",
      currency: "USDC",
    });
  });
});
