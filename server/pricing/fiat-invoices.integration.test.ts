import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, http, type Address } from "viem";
import { GET as getRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as createRoute } from "@/app/api/v1/invoices/route";
import { setDevnetPrice } from "@/scripts/lib/deploy-price-feeds";
import { DEVNET_TOKENS } from "@/server/chains/devnet-tokens";
import { db } from "@/server/db";
import { env } from "@/server/env";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { tick } from "@/server/jobs/tick";
import { aggregatorAbi } from "@/server/pricing/aggregator-rates";
import { DEVNET_PRICE_FEEDS } from "@/server/pricing/devnet-price-feeds";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";

// Fiat-priced invoices end to end: the devnets' own price feeds, the API, real payments and the tick.

const ETH_USD = DEVNET_PRICE_FEEDS.find((f) => f.pair === "ETH/USD")!;
const EUR_USD = DEVNET_PRICE_FEEDS.find((f) => f.pair === "EUR/USD")!;
const usdc = DEVNET_TOKENS.find((t) => t.symbol === "USDC")!.address;
const rpc = { devnet: env().RPC_URL_DEVNET!, "devnet-b": env().RPC_URL_DEVNET_B! };
const both = async (pair: "ETH/USD" | "EUR/USD", answer: bigint, opts: { updatedAt?: bigint } = {}) => {
  await setDevnetPrice(rpc.devnet, pair, answer, opts);
  await setDevnetPrice(rpc["devnet-b"], pair, answer, opts);
};

let key: string;

async function create(body: Record<string, unknown>): Promise<Response> {
  return createRoute(apiRequest("POST", "/api/v1/invoices", { key, body }), params({}));
}
async function created(body: Record<string, unknown>): Promise<InvoiceResponse> {
  const res = await create(body);
  expect(res.status).toBe(201);
  return res.json();
}
async function get(id: string): Promise<InvoiceResponse> {
  return (await getRoute(apiRequest("GET", `/api/v1/invoices/${id}`, { key }), params({ id }))).json();
}
const option = (invoice: InvoiceResponse, network: string, asset: string) =>
  invoice.payment_options.find((o) => o.network === network && o.asset === asset)!;

beforeAll(async () => {
  ({ key } = await createTestMerchant());
  await both("ETH/USD", 3000_00000000n);
  await both("EUR/USD", 1_08000000n);
  await tick(db(), { owner: "fiat" });
});

afterAll(async () => {
  await both("ETH/USD", ETH_USD.initialAnswer);
  await both("EUR/USD", EUR_USD.initialAnswer);
});

describe("devnet price feeds", () => {
  it("are deployed at their deterministic addresses on both devnets, Chainlink-style with 8 decimals", async () => {
    // The devnet deployer's nonces 2 and 3, after the test tokens' 0 and 1.
    expect([ETH_USD.address, EUR_USD.address]).toEqual([
      "0x83A1F060F4a70a7b38147d96Ae3894E98Ca7582f",
      "0x03A307C7930d3112bE81FF392403bf53dfd53a97",
    ]);
    for (const url of Object.values(rpc)) {
      const client = createPublicClient({ transport: http(url) });
      for (const feed of [ETH_USD, EUR_USD]) {
        expect(await client.readContract({ address: feed.address, abi: aggregatorAbi, functionName: "decimals" })).toBe(
          8,
        );
        const [roundId, answer, , updatedAt, answeredInRound] = await client.readContract({
          address: feed.address,
          abi: aggregatorAbi,
          functionName: "latestRoundData",
        });
        expect(answer).toBe(feed.pair === "ETH/USD" ? 3000_00000000n : 1_08000000n);
        expect(answeredInRound).toBe(roundId);
        expect(Number(updatedAt)).toBeGreaterThan(Date.now() / 1000 - 600);
      }
    }
  });
});

describe("fiat-priced invoices", () => {
  it("a USD invoice offers every enabled asset, each at its locked rate rounded up to a base unit", async () => {
    const invoice = await created({ amount: "25.00", currency: "USD", order_id: "fiat_1" });
    expect(invoice).toMatchObject({
      currency: "USD",
      amount: "25.00",
      amount_paid: "0.00",
      amount_due: "25.00",
      status: "created",
    });
    expect(
      invoice.payment_options.map((o) => [
        o.network,
        o.asset,
        o.amount_base_units,
        o.amount,
        o.amount_due_base_units,
        o.rate,
      ]),
    ).toEqual([
      ["devnet", "ETH", "8333333333333334", "0.008333333333333334", "8333333333333334", "3000.00"],
      ["devnet", "USDC", "25000000", "25.00", "25000000", "1.00"],
      ["devnet", "USDT", "25000000", "25.00", "25000000", "1.00"],
      ["devnet-b", "ETH", "8333333333333334", "0.008333333333333334", "8333333333333334", "3000.00"],
      ["devnet-b", "USDC", "25000000", "25.00", "25000000", "1.00"],
      ["devnet-b", "USDT", "25000000", "25.00", "25000000", "1.00"],
    ]);
    const eth = option(invoice, "devnet", "ETH");
    expect(eth.rate_source).toMatch(new RegExp(`^aggregator ETH/USD devnet:${ETH_USD.address}#\\d+$`));
    expect(Date.now() - new Date(eth.rate_at!).getTime()).toBeLessThan(120_000);
    expect(eth.payment_uri).toBe(`ethereum:${eth.address}@31337?value=8333333333333334`);
    const usdcOption = option(invoice, "devnet-b", "USDC");
    expect([usdcOption.rate_source, usdcOption.rate_at]).toEqual(["peg USDC/USD=1", invoice.created_at]);
    expect(usdcOption.payment_uri).toBe(
      `ethereum:${usdc}@31338/transfer?address=${usdcOption.address}&uint256=25000000`,
    );

    const rows = await db().paymentOption.findMany({ where: { invoiceId: invoice.id }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.asset, r.amount.toFixed(0), r.rate, r.rateSource, r.rateAt?.toISOString()])).toEqual(
      invoice.payment_options.map((o) => [o.asset, o.amount_base_units, o.rate, o.rate_source, o.rate_at]),
    );
    const stored = await db().invoice.findUniqueOrThrow({ where: { id: invoice.id } });
    expect([stored.amount.toFixed(0), stored.currencyDecimals]).toEqual(["2500", 2]);
  });

  it("a EUR invoice converts through EUR/USD exactly: 25.00 EUR is 27 USDC and 0.009 ETH at 1.08 and 3000", async () => {
    const invoice = await created({
      amount: "25.00",
      currency: "eur",
      payment_methods: [
        { network: "devnet", asset: "USDC" },
        { network: "devnet", asset: "ETH" },
      ],
    });
    expect(invoice.currency).toBe("EUR");
    expect(invoice.payment_options.map((o) => [o.asset, o.amount_base_units, o.amount, o.rate])).toEqual([
      ["USDC", "27000000", "27.00", "0.925925925925925925"],
      ["ETH", "9000000000000000", "0.009", "2777.777777777777777777"],
    ]);
    expect(option(invoice, "devnet", "USDC").rate_source).toMatch(
      new RegExp(`^peg USDC/USD=1, aggregator EUR/USD devnet:${EUR_USD.address}#\\d+$`),
    );
    expect(option(invoice, "devnet", "ETH").rate_source).toMatch(
      new RegExp(
        `^aggregator ETH/USD devnet:${ETH_USD.address}#\\d+, aggregator EUR/USD devnet:${EUR_USD.address}#\\d+$`,
      ),
    );
  });

  it("locks the rate: a later price moves new invoices, not an existing one", async () => {
    const before = await created({
      amount: "30.00",
      currency: "USD",
      payment_methods: [{ network: "devnet-b", asset: "ETH" }],
    });
    await both("ETH/USD", 2400_00000000n);
    const afterChange = await created({
      amount: "30.00",
      currency: "USD",
      payment_methods: [{ network: "devnet-b", asset: "ETH" }],
    });
    expect(afterChange.payment_options[0]).toMatchObject({ amount_base_units: "12500000000000000", rate: "2400.00" });
    expect((await get(before.id)).payment_options[0]).toMatchObject({
      amount_base_units: "10000000000000000",
      rate: "3000.00",
    });
    await both("ETH/USD", 3000_00000000n);
  });

  it("refuses a stale feed: 422 for a requested ETH option, and leaves ETH out of the default options", async () => {
    const twoDaysAgo = BigInt(Math.floor(Date.now() / 1000) - 2 * 86_400);
    await both("ETH/USD", 3000_00000000n, { updatedAt: twoDaysAgo });
    try {
      const res = await create({
        amount: "10.00",
        currency: "USD",
        payment_methods: [
          { network: "devnet", asset: "USDC" },
          { network: "devnet", asset: "ETH" },
        ],
      });
      expect(res.status).toBe(422);
      const { error } = await res.json();
      expect(error).toMatchObject({
        type: "invalid_request_error",
        code: "rate_unavailable",
        param: "payment_methods[1]",
      });
      expect(error.message).toMatch(
        new RegExp(
          `^No usable ETH/USD rate: the price feed devnet:${ETH_USD.address} is stale: last updated .+, more than 86400 s ago\\. Try again later\\.$`,
        ),
      );
      const fallback = await created({ amount: "10.00", currency: "USD" });
      expect(fallback.payment_options.map((o) => `${o.network}/${o.asset}`)).toEqual([
        "devnet/USDC",
        "devnet/USDT",
        "devnet-b/USDC",
        "devnet-b/USDT",
      ]);
    } finally {
      await both("ETH/USD", 3000_00000000n);
    }
  });

  it("does not replay rate_unavailable for an idempotency key: the retry runs once the feed is fresh", async () => {
    const body = { amount: "6.00", currency: "USD", payment_methods: [{ network: "devnet-b", asset: "ETH" }] };
    const send = () =>
      createRoute(
        apiRequest("POST", "/api/v1/invoices", { key, body, headers: { "idempotency-key": "fiat-retry-1" } }),
        params({}),
      );
    await setDevnetPrice(rpc["devnet-b"], "ETH/USD", 3000_00000000n, {
      updatedAt: BigInt(Math.floor(Date.now() / 1000) - 2 * 86_400),
    });
    try {
      expect((await send()).status).toBe(422);
    } finally {
      await setDevnetPrice(rpc["devnet-b"], "ETH/USD", 3000_00000000n);
    }
    const retried = await send();
    expect([retried.status, retried.headers.get("idempotent-replayed")]).toEqual([201, null]);
    expect((await retried.json()).payment_options[0].amount_base_units).toBe("2000000000000000");
    expect((await send()).headers.get("idempotent-replayed")).toBe("true");
  });

  it("refuses a non-positive answer, and an asset nobody prices", async () => {
    await setDevnetPrice(rpc.devnet, "ETH/USD", 0n);
    try {
      const res = await create({
        amount: "10.00",
        currency: "USD",
        payment_methods: [{ network: "devnet", asset: "ETH" }],
      });
      expect(res.status).toBe(422);
      expect((await res.json()).error).toMatchObject({
        code: "rate_unavailable",
        message: `No usable ETH/USD rate: the price feed devnet:${ETH_USD.address} answers 0, which is not a price. Try again later.`,
      });
    } finally {
      await setDevnetPrice(rpc.devnet, "ETH/USD", 3000_00000000n);
    }
    const eur = await create({
      amount: "10.00",
      currency: "EUR",
      payment_methods: [{ network: "devnet", asset: "DAI" }],
    });
    expect((await eur.json()).error).toMatchObject({
      code: "unsupported_asset",
      param: "payment_methods[0].asset",
      message: 'Network "devnet" has no asset "DAI".',
    });
    // A live key has no live network here: it is never priced from a devnet's settable feed.
    const live = await createTestMerchant({ live: true });
    const res = await createRoute(
      apiRequest("POST", "/api/v1/invoices", { key: live.key, body: { amount: "10.00", currency: "USD" } }),
      params({}),
    );
    expect([res.status, (await res.json()).error]).toEqual([
      422,
      {
        type: "invalid_request_error",
        code: "unsupported_asset",
        param: "currency",
        message: "No enabled live network offers an asset priced in USD.",
      },
    ]);
  });

  it("counts payments in USD by the locked amount: part in ETH, the exact rest shown and paid, then paid", async () => {
    const invoice = await created({
      amount: "25.00",
      currency: "USD",
      payment_methods: [{ network: "devnet", asset: "ETH" }],
    });
    const to = invoice.payment_options[0]!.address as Address;
    await pay({ network: "devnet", asset: "ETH", to, amount: 5_000_000_000_000_000n });
    await mine("devnet", 2);
    await tick(db(), { owner: "fiat" });
    const partial = await get(invoice.id);
    // 0.005 ETH of the locked 0.008333333333333334 is 14.99 USD (rounded down); the rest in ETH is exact to the wei.
    expect(partial).toMatchObject({
      status: "partially_paid",
      amount_paid: "14.99",
      amount_due: "10.01",
      amount_overpaid: "0.00",
    });
    expect(partial.payment_options[0]).toMatchObject({
      amount_due_base_units: "3333333333333334",
      amount_due: "0.003333333333333334",
    });
    await pay({ network: "devnet", asset: "ETH", to, amount: 3_333_333_333_333_334n });
    await mine("devnet", 2);
    await tick(db(), { owner: "fiat" });
    expect(await get(invoice.id)).toMatchObject({
      status: "paid",
      amount_paid: "25.00",
      amount_due: "0.00",
      amount_overpaid: "0.00",
      review_reason: null,
    });
  });

  it("an excess worth a cent or more in a fiat invoice goes to review with the excess in USD", async () => {
    const invoice = await created({
      amount: "5.00",
      currency: "USD",
      payment_methods: [{ network: "devnet-b", asset: "USDC" }],
    });
    await pay({
      network: "devnet-b",
      asset: "USDC",
      to: invoice.payment_options[0]!.address as Address,
      amount: 5_010_000n,
    });
    await mine("devnet-b", 2);
    await tick(db(), { owner: "fiat" });
    expect(await get(invoice.id)).toMatchObject({
      status: "review_required",
      review_reason: "overpaid",
      amount_paid: "5.01",
      amount_overpaid: "0.01",
    });
  });
});
