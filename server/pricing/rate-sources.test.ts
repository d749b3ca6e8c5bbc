import { describe, expect, it } from "vitest";
import type { Address } from "viem";
import type { PriceFeedSpec } from "../chains/catalog";
import { AppError } from "../errors";
import { aggregatorRateSource, rateFromRound, type FeedRound } from "./aggregator-rates";
import { parsePegs, pegRateSource } from "./peg-rates";
import { firstRateOf, memoizedRates } from "./rate";

const now = new Date("2026-03-01T12:00:00Z");
const nowSeconds = BigInt(now.getTime() / 1000);
const feed: PriceFeedSpec = {
  base: "ETH",
  quote: "USD",
  address: "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419",
  maxAgeSeconds: 3600,
};
const round = (overrides: Partial<FeedRound> = {}): FeedRound => ({
  roundId: 7n,
  answer: 3000_00000000n,
  updatedAt: nowSeconds - 60n,
  answeredInRound: 7n,
  decimals: 8,
  ...overrides,
});
const read = (overrides: Partial<FeedRound> = {}) =>
  rateFromRound(round(overrides), { feed, label: "ethereum:0xFeed", maxAgeSeconds: 3600, now });

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("aggregator rounds", () => {
  it("become an exact rate with the feed, round and update time as source", () => {
    expect(read()).toEqual({
      base: "ETH",
      quote: "USD",
      numerator: 3000_00000000n,
      denominator: 100_000_000n,
      source: "aggregator ETH/USD ethereum:0xFeed#7",
      at: new Date("2026-03-01T11:59:00Z"),
    });
  });

  it("are accepted up to the maximum age and refused one second later", () => {
    expect(read({ updatedAt: nowSeconds - 3600n }).numerator).toBe(3000_00000000n);
    const stale = refusal(() => read({ updatedAt: nowSeconds - 3601n }));
    expect([stale.code, stale.status, stale.param]).toEqual(["rate_unavailable", 422, "currency"]);
    expect(stale.message).toBe(
      "No usable ETH/USD rate: the price feed ethereum:0xFeed is stale: last updated 2026-03-01T10:59:59.000Z, more than 3600 s ago. Try again later.",
    );
  });

  it("are refused when the answer is zero or negative, or the round incomplete", () => {
    expect(refusal(() => read({ answer: 0n })).message).toBe(
      "No usable ETH/USD rate: the price feed ethereum:0xFeed answers 0, which is not a price. Try again later.",
    );
    expect(refusal(() => read({ answer: -1n })).code).toBe("rate_unavailable");
    expect(refusal(() => read({ updatedAt: 0n })).message).toContain("has an incomplete round");
    expect(refusal(() => read({ answeredInRound: 6n })).message).toContain("has an incomplete round");
    expect(read({ updatedAt: nowSeconds + 300n }).numerator).toBe(3000_00000000n);
    expect(refusal(() => read({ updatedAt: nowSeconds + 301n })).message).toContain(
      "reports an update time in the future",
    );
    expect(refusal(() => read({ updatedAt: 2n ** 255n })).code).toBe("rate_unavailable");
  });
});

describe("rate sources", () => {
  const network = (id: string, priceFeeds: PriceFeedSpec[]) => ({
    id,
    name: id,
    chainId: 1,
    rpcUrl: "http://127.0.0.1:1",
    nativeAsset: { symbol: "ETH", decimals: 18, tokenAddress: null },
    priceFeeds,
  });
  const eurFeed: PriceFeedSpec = {
    base: "EUR",
    quote: "USD",
    address: "0xb49f677943BC038e9857d61E7d053CaA2C1734C1",
    maxAgeSeconds: 90_000,
  };

  it("read a pair from the option's own network first, else from another network of the list", async () => {
    const reads: string[] = [];
    const source = aggregatorRateSource({
      networks: [
        network("ethereum", [feed, eurFeed]),
        network("base", [{ ...feed, address: "0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70" }]),
      ],
      now,
      readRound: async (n, address: Address) => {
        reads.push(`${n.id}:${address}`);
        return round();
      },
    });
    expect((await source.rate({ base: "ETH", quote: "USD", networkId: "base" }))?.source).toBe(
      "aggregator ETH/USD base:0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70#7",
    );
    expect((await source.rate({ base: "EUR", quote: "USD", networkId: "base" }))?.source).toBe(
      "aggregator EUR/USD ethereum:0xb49f677943BC038e9857d61E7d053CaA2C1734C1#7",
    );
    expect(await source.rate({ base: "POL", quote: "USD", networkId: "base" })).toBeNull();
    expect(reads).toEqual([
      "base:0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70",
      "ethereum:0xb49f677943BC038e9857d61E7d053CaA2C1734C1",
    ]);
  });

  it("turn an unreachable feed into rate_unavailable, and apply a configured maximum age", async () => {
    const failing = aggregatorRateSource({
      networks: [network("ethereum", [feed])],
      now,
      readRound: async () => Promise.reject(new Error("ECONNREFUSED")),
    });
    await expect(failing.rate({ base: "ETH", quote: "USD", networkId: "ethereum" })).rejects.toMatchObject({
      code: "rate_unavailable",
      message: `No usable ETH/USD rate: the price feed ethereum:${feed.address} could not be read. Try again later.`,
    });
    const strict = aggregatorRateSource({
      networks: [network("ethereum", [feed])],
      now,
      maxAgeSeconds: 30,
      readRound: async () => round(),
    });
    await expect(strict.rate({ base: "ETH", quote: "USD", networkId: "ethereum" })).rejects.toMatchObject({
      code: "rate_unavailable",
    });
  });

  it("price configured stablecoins at their peg in USD only, pegs before feeds, each pair read once", async () => {
    const pegs = parsePegs("USDC=1,usdt=0.9995");
    expect([...pegs]).toEqual([
      ["USDC", "1"],
      ["USDT", "0.9995"],
    ]);
    let reads = 0;
    const source = memoizedRates(
      firstRateOf([
        pegRateSource({ pegs, now }),
        aggregatorRateSource({
          networks: [network("ethereum", [{ ...feed, base: "USDT" }, feed])],
          now,
          readRound: async () => (reads++, round()),
        }),
      ]),
    );
    expect(await source.rate({ base: "USDT", quote: "USD", networkId: "ethereum" })).toEqual({
      base: "USDT",
      quote: "USD",
      numerator: 9995n,
      denominator: 10_000n,
      source: "peg USDT/USD=0.9995",
      at: now,
    });
    expect(await source.rate({ base: "USDC", quote: "EUR", networkId: "ethereum" })).toBeNull();
    await source.rate({ base: "ETH", quote: "USD", networkId: "ethereum" });
    await source.rate({ base: "ETH", quote: "USD", networkId: "ethereum" });
    expect(reads).toBe(1);
  });
});
