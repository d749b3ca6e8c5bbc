import { beforeAll, describe, expect, it } from "vitest";
import { GET as getInvoice } from "@/app/api/v1/invoices/[id]/route";
import { POST as createInvoice } from "@/app/api/v1/invoices/route";
import { GET as listNetworks } from "@/app/api/v1/networks/route";
import { POST as createEndpoint } from "@/app/api/v1/webhook_endpoints/route";
import { DEVNET_TOKENS } from "@/server/chains/devnet-tokens";
import { db } from "@/server/db";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";

const noParams = params({});
const usdc = DEVNET_TOKENS.find((t) => t.symbol === "USDC")!.address;

describe("public API, first slice", () => {
  let key: string;
  let merchantId: string;
  beforeAll(async () => {
    ({ key, merchantId } = await createTestMerchant());
  });

  it("creates a USDC invoice with its own deposit address on both devnets", async () => {
    const res = await createInvoice(
      apiRequest("POST", "/api/v1/invoices", {
        key,
        body: { amount: "25.00", currency: "USDC", order_id: "order_1", metadata: { cart: "7" } },
      }),
      noParams,
    );
    expect(res.status).toBe(201);
    const invoice = await res.json();
    expect(invoice).toMatchObject({
      object: "invoice",
      livemode: false,
      status: "created",
      amount: "25.00",
      currency: "USDC",
      order_id: "order_1",
      metadata: { cart: "7" },
      amount_paid: "0.00",
      amount_due: "25.00",
      amount_overpaid: "0.00",
      review_reason: null,
      paid_at: null,
      payments: [],
    });
    expect(invoice.id).toMatch(/^inv_[0-9A-Za-z]{22}$/);
    expect(invoice.hosted_url).toBe(`http://payrail.test/pay/${invoice.id}`);
    expect(new Date(invoice.expires_at).getTime() - new Date(invoice.created_at).getTime()).toBe(3600_000);
    const address: string = invoice.payment_options[0].address;
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(invoice.payment_options).toEqual([
      {
        network: "devnet",
        chain_id: 31337,
        asset: "USDC",
        token_address: usdc,
        decimals: 6,
        address,
        amount: "25.00",
        amount_base_units: "25000000",
        amount_due: "25.00",
        amount_due_base_units: "25000000",
        rate: null,
        rate_source: null,
        rate_at: null,
        payment_uri: `ethereum:${usdc}@31337/transfer?address=${address}&uint256=25000000`,
      },
      {
        network: "devnet-b",
        chain_id: 31338,
        asset: "USDC",
        token_address: usdc,
        decimals: 6,
        address,
        amount: "25.00",
        amount_base_units: "25000000",
        amount_due: "25.00",
        amount_due_base_units: "25000000",
        rate: null,
        rate_source: null,
        rate_at: null,
        payment_uri: `ethereum:${usdc}@31338/transfer?address=${address}&uint256=25000000`,
      },
    ]);
    const events = await db().event.findMany({ where: { invoiceId: invoice.id } });
    expect(events.map((e) => [e.type, e.sequence])).toEqual([["invoice.created", 1]]);
  });

  it("gives every invoice a different address and prices ETH in wei", async () => {
    const body = {
      amount: "0.015",
      currency: "ETH",
      payment_methods: [{ network: "devnet-b", asset: "ETH" }],
      expires_in: 600,
    };
    const [a, b] = await Promise.all(
      [1, 2].map(() =>
        createInvoice(apiRequest("POST", "/api/v1/invoices", { key, body }), noParams).then((r) => r.json()),
      ),
    );
    expect(a.payment_options).toHaveLength(1);
    expect(a.payment_options[0]).toMatchObject({
      network: "devnet-b",
      asset: "ETH",
      token_address: null,
      decimals: 18,
      amount: "0.015",
      amount_base_units: "15000000000000000",
    });
    expect(a.payment_options[0].payment_uri).toBe(
      `ethereum:${a.payment_options[0].address}@31338?value=15000000000000000`,
    );
    expect(a.payment_options[0].address).not.toBe(b.payment_options[0].address);
  });

  it("retrieves an invoice, and hides it from another merchant", async () => {
    const created = await (
      await createInvoice(
        apiRequest("POST", "/api/v1/invoices", { key, body: { amount: "1", currency: "USDT" } }),
        noParams,
      )
    ).json();
    const res = await getInvoice(
      apiRequest("GET", `/api/v1/invoices/${created.id}`, { key }),
      params({ id: created.id }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(created);
    const other = await createTestMerchant();
    const hidden = await getInvoice(
      apiRequest("GET", `/api/v1/invoices/${created.id}`, { key: other.key }),
      params({ id: created.id }),
    );
    expect(hidden.status).toBe(404);
    expect((await hidden.json()).error).toEqual({
      type: "invalid_request_error",
      code: "resource_missing",
      message: `No such invoice: '${created.id}'.`,
      param: "id",
    });
  });

  it.each([
    ["malformed JSON", { rawBody: '{"amount": "1"' }, 400, "invalid_json", undefined],
    ["a JSON array", { body: [] }, 400, "invalid_request", undefined],
    ["a numeric amount", { body: { amount: 25, currency: "USDC" } }, 422, "parameter_invalid", "amount"],
    ["a negative amount", { body: { amount: "-1", currency: "USDC" } }, 422, "parameter_invalid", "amount"],
    ["a zero amount", { body: { amount: "0.00", currency: "USDC" } }, 422, "parameter_invalid", "amount"],
    ["too many decimals", { body: { amount: "1.0000001", currency: "USDC" } }, 422, "parameter_invalid", "amount"],
    ["a missing currency", { body: { amount: "1" } }, 422, "parameter_missing", "currency"],
    ["an unsupported asset", { body: { amount: "1", currency: "DOGE" } }, 422, "unsupported_asset", "currency"],
    [
      "a fiat amount with more than 2 decimals",
      { body: { amount: "1.001", currency: "USD" } },
      422,
      "parameter_invalid",
      "amount",
    ],
    [
      "an unknown network",
      { body: { amount: "1", currency: "USDC", payment_methods: [{ network: "solana", asset: "USDC" }] } },
      422,
      "unsupported_network",
      "payment_methods[0].network",
    ],
    [
      "an asset other than the currency",
      { body: { amount: "1", currency: "USDC", payment_methods: [{ network: "devnet", asset: "USDT" }] } },
      422,
      "unsupported_asset",
      "payment_methods[0].asset",
    ],
    [
      "an unknown field",
      { body: { amount: "1", currency: "USDC", colour: "red" } },
      422,
      "parameter_unknown",
      "colour",
    ],
    [
      "a wrong field type",
      { body: { amount: "1", currency: "USDC", metadata: { a: 1 } } },
      422,
      "parameter_invalid",
      "metadata.a",
    ],
    [
      "an expiry too short",
      { body: { amount: "1", currency: "USDC", expires_in: 59 } },
      422,
      "parameter_invalid",
      "expires_in",
    ],
  ])("refuses %s with a clear error and creates nothing", async (_name, input, status, code, param) => {
    const before = await db().invoice.count({ where: { merchantId } });
    const res = await createInvoice(apiRequest("POST", "/api/v1/invoices", { key, ...input }), noParams);
    expect(res.status).toBe(status);
    const { error } = await res.json();
    expect(error.code).toBe(code);
    expect(error.param).toBe(param);
    expect(error.message.length).toBeGreaterThan(10);
    expect(await db().invoice.count({ where: { merchantId } })).toBe(before);
  });

  it("requires a valid API key and never echoes it", async () => {
    const missing = await listNetworks(apiRequest("GET", "/api/v1/networks"), noParams);
    expect(missing.status).toBe(401);
    const wrongKey = "sk_test_0000000000000000000000000000wrong";
    const wrong = await listNetworks(apiRequest("GET", "/api/v1/networks", { key: wrongKey }), noParams);
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(JSON.parse(text).error).toEqual({
      type: "authentication_error",
      code: "unauthenticated",
      message: "Invalid API key.",
    });
    expect(text).not.toContain(wrongKey);
  });

  it("lists the test-mode networks with their assets", async () => {
    const res = await listNetworks(apiRequest("GET", "/api/v1/networks", { key }), noParams);
    expect(res.status).toBe(200);
    const list = await res.json();
    expect(list.object).toBe("list");
    expect(
      list.data.map((n: { id: string; chain_id: number; confirmations: number }) => [
        n.id,
        n.chain_id,
        n.confirmations,
      ]),
    ).toEqual([
      ["devnet", 31337, 3],
      ["devnet-b", 31338, 3],
    ]);
    expect(list.data[0].assets).toEqual([
      { symbol: "ETH", decimals: 18, token_address: null },
      { symbol: "USDC", decimals: 6, token_address: usdc },
      { symbol: "USDT", decimals: 6, token_address: DEVNET_TOKENS.find((t) => t.symbol === "USDT")!.address },
    ]);
  });

  it("a live key sees no test networks and cannot invoice on them", async () => {
    const live = await createTestMerchant({ live: true });
    const networks = await (
      await listNetworks(apiRequest("GET", "/api/v1/networks", { key: live.key }), noParams)
    ).json();
    expect(networks.data).toEqual([]);
    const res = await createInvoice(
      apiRequest("POST", "/api/v1/invoices", { key: live.key, body: { amount: "1", currency: "USDC" } }),
      noParams,
    );
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe("unsupported_asset");
  });

  it("registers a webhook endpoint and shows its secret only at creation", async () => {
    const res = await createEndpoint(
      apiRequest("POST", "/api/v1/webhook_endpoints", {
        key,
        body: { url: "http://localhost:4000/hooks", events: ["invoice.paid"] },
      }),
      noParams,
    );
    expect(res.status).toBe(201);
    const endpoint = await res.json();
    expect(endpoint).toMatchObject({
      object: "webhook_endpoint",
      url: "http://localhost:4000/hooks",
      events: ["invoice.paid"],
      status: "enabled",
      livemode: false,
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretEncrypted).not.toContain(endpoint.secret.slice(6));
    const bad = await createEndpoint(
      apiRequest("POST", "/api/v1/webhook_endpoints", { key, body: { url: "ftp://x", events: ["invoice.paid"] } }),
      noParams,
    );
    expect(bad.status).toBe(422);
    const badType = await createEndpoint(
      apiRequest("POST", "/api/v1/webhook_endpoints", {
        key,
        body: { url: "https://x.example", events: ["invoice.exploded"] },
      }),
      noParams,
    );
    expect((await badType.json()).error.param).toBe("events[0]");
  });
});
