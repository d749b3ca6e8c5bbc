import { afterEach, describe, expect, it } from "vitest";
import { createPublicClient, http, type PublicClient } from "viem";
import { DEVNET_DEPLOYER_ADDRESS } from "../../server/chains/devnet-tokens";
import { aggregatorAbi } from "../../server/pricing/aggregator-rates";
import { DEVNET_PRICE_FEEDS } from "../../server/pricing/devnet-price-feeds";
import { startAnvil, type AnvilHandle } from "./anvil";
import { ensurePriceFeeds, setDevnetPrice } from "./deploy-price-feeds";
import { ensureTestTokens } from "./deploy-test-tokens";
import { getFreePort } from "./ports";

const latest = (pc: PublicClient, address: `0x${string}`) =>
  pc.readContract({ address, abi: aggregatorAbi, functionName: "latestRoundData" });

describe("devnet price feeds", () => {
  let anvil: AnvilHandle | undefined;
  afterEach(async () => {
    await anvil?.stop();
    anvil = undefined;
  });

  it("deploy after the test tokens at deployer nonces 2 and 3, idempotently, with their initial prices", async () => {
    anvil = await startAnvil({ port: await getFreePort(), chainId: 31337, silent: true });
    const pc = createPublicClient({ transport: http(anvil.rpcUrl) });
    await expect(ensurePriceFeeds(anvil.rpcUrl)).rejects.toThrow(
      /deployer .* has nonce 0 \(expected 2; deploy the test tokens first\)/,
    );

    await ensureTestTokens(anvil.rpcUrl);
    const first = await ensurePriceFeeds(anvil.rpcUrl);
    expect(first).toEqual({
      "ETH/USD": "0x83A1F060F4a70a7b38147d96Ae3894E98Ca7582f",
      "EUR/USD": "0x03A307C7930d3112bE81FF392403bf53dfd53a97",
    });
    expect(await pc.getTransactionCount({ address: DEVNET_DEPLOYER_ADDRESS })).toBe(4);
    expect(await ensurePriceFeeds(anvil.rpcUrl)).toEqual(first);
    await ensureTestTokens(anvil.rpcUrl);
    expect(await pc.getTransactionCount({ address: DEVNET_DEPLOYER_ADDRESS })).toBe(4);

    for (const feed of DEVNET_PRICE_FEEDS) {
      const [roundId, answer, startedAt, updatedAt, answeredInRound] = await latest(pc, feed.address);
      expect([roundId, answer, answeredInRound, startedAt === updatedAt]).toEqual([1n, feed.initialAnswer, 1n, true]);
      expect(await pc.readContract({ address: feed.address, abi: aggregatorAbi, functionName: "decimals" })).toBe(8);
    }
  });

  it("take a settable price from the keeper, and refresh a stale feed at start without using the deployer", async () => {
    anvil = await startAnvil({ port: await getFreePort(), chainId: 31337, silent: true });
    const pc = createPublicClient({ transport: http(anvil.rpcUrl) });
    await ensureTestTokens(anvil.rpcUrl);
    const { "ETH/USD": ethUsd, "EUR/USD": eurUsd } = await ensurePriceFeeds(anvil.rpcUrl);

    await setDevnetPrice(anvil.rpcUrl, "ETH/USD", 2500_12345678n);
    expect((await latest(pc, ethUsd)).slice(0, 2)).toEqual([2n, 2500_12345678n]);

    const old = BigInt(Math.floor(Date.now() / 1000) - 7200);
    await setDevnetPrice(anvil.rpcUrl, "EUR/USD", 1_10000000n, { updatedAt: old });
    expect((await latest(pc, eurUsd))[3]).toBe(old);
    await ensurePriceFeeds(anvil.rpcUrl);
    const [roundId, answer, , updatedAt] = await latest(pc, eurUsd);
    expect([roundId, answer]).toEqual([3n, 1_10000000n]);
    expect(Number(updatedAt)).toBeGreaterThan(Date.now() / 1000 - 60);
    // The fresh ETH/USD feed was left alone, and the deployer's next nonce is still free.
    expect((await latest(pc, ethUsd))[0]).toBe(2n);
    expect(await pc.getTransactionCount({ address: DEVNET_DEPLOYER_ADDRESS })).toBe(4);
  });
});
