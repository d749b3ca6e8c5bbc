import { parseAbi, type Address, type PublicClient } from "viem";
import type { PriceFeedSpec } from "../chains/catalog";
import { publicClientFor } from "../chains/client";
import type { Network } from "../chains/networks";
import { AppError } from "../errors";
import type { Rate, RateSource } from "./rate";

/** The part of Chainlink's AggregatorV3Interface that pricing reads. */
export const aggregatorAbi = parseAbi([
  "function decimals() view returns (uint8)",
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
]);

/** How far ahead of our clock a feed's update time may be (clock skew between us and the chain). */
const FUTURE_SKEW_SECONDS = 300n;

/** One `latestRoundData()` answer of a feed, with its `decimals()`. */
export interface FeedRound {
  roundId: bigint;
  answer: bigint;
  updatedAt: bigint;
  answeredInRound: bigint;
  decimals: number;
}

/** Read a feed's latest round and decimals (one batched RPC request with the default client). */
export async function readFeedRound(client: PublicClient, address: Address): Promise<FeedRound> {
  const [decimals, [roundId, answer, , updatedAt, answeredInRound]] = await Promise.all([
    client.readContract({ address, abi: aggregatorAbi, functionName: "decimals" }),
    client.readContract({ address, abi: aggregatorAbi, functionName: "latestRoundData" }),
  ]);
  return { roundId, answer, updatedAt, answeredInRound, decimals };
}

/**
 * The rate a feed's round states, or AppError `rate_unavailable` when the round cannot be trusted:
 * a non-positive answer, an incomplete round (`updatedAt` 0, or answered in an earlier round), an
 * update time in the future (beyond clock skew), or an answer older than `maxAgeSeconds` at `now`.
 */
export function rateFromRound(
  round: FeedRound,
  opts: { feed: PriceFeedSpec; label: string; maxAgeSeconds: number; now: Date },
): Rate {
  const pair = `${opts.feed.base}/${opts.feed.quote}`;
  const refuse = (why: string) =>
    new AppError("rate_unavailable", `No usable ${pair} rate: the price feed ${opts.label} ${why}. Try again later.`, {
      param: "currency",
    });
  if (round.answer <= 0n) throw refuse(`answers ${round.answer}, which is not a price`);
  if (round.updatedAt === 0n || round.answeredInRound < round.roundId) throw refuse("has an incomplete round");
  const updatedMs = round.updatedAt * 1000n;
  const ageSeconds = (BigInt(opts.now.getTime()) - updatedMs) / 1000n;
  if (ageSeconds < -FUTURE_SKEW_SECONDS) throw refuse("reports an update time in the future");
  if (ageSeconds > BigInt(opts.maxAgeSeconds)) {
    throw refuse(
      `is stale: last updated ${new Date(Number(updatedMs)).toISOString()}, more than ${opts.maxAgeSeconds} s ago`,
    );
  }
  return {
    base: opts.feed.base,
    quote: opts.feed.quote,
    numerator: round.answer,
    denominator: 10n ** BigInt(round.decimals),
    source: `aggregator ${pair} ${opts.label}#${round.roundId}`,
    at: new Date(Number(updatedMs)),
  };
}

type FeedNetwork = Pick<Network, "id" | "name" | "chainId" | "rpcUrl" | "nativeAsset" | "priceFeeds">;

/**
 * Chainlink-style aggregators of the given networks (all of one mode). A pair is read from the
 * option's own network when it has a feed for it, else from the first other network that has one
 * (fiat rates do not depend on the chain). `maxAgeSeconds` overrides every feed's own maximum age.
 */
export function aggregatorRateSource(opts: {
  networks: readonly FeedNetwork[];
  now: Date;
  maxAgeSeconds?: number;
  readRound?: (network: FeedNetwork, address: Address) => Promise<FeedRound>;
}): RateSource {
  const readRound = opts.readRound ?? ((network, address) => readFeedRound(publicClientFor(network), address));
  return {
    async rate({ base, quote, networkId }) {
      const candidates = [...opts.networks].sort((a, b) => Number(b.id === networkId) - Number(a.id === networkId));
      for (const network of candidates) {
        const feed = network.priceFeeds?.find((f) => f.base === base && f.quote === quote);
        if (!feed) continue;
        const label = `${network.id}:${feed.address}`;
        let round: FeedRound;
        try {
          round = await readRound(network, feed.address);
        } catch (cause) {
          throw new AppError(
            "rate_unavailable",
            `No usable ${base}/${quote} rate: the price feed ${label} could not be read. Try again later.`,
            { param: "currency", cause },
          );
        }
        return rateFromRound(round, {
          feed,
          label,
          maxAgeSeconds: opts.maxAgeSeconds ?? feed.maxAgeSeconds,
          now: opts.now,
        });
      }
      return null;
    },
  };
}
