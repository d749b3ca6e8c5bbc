import { enabledNetworks } from "../chains/networks";
import { env } from "../env";
import { aggregatorRateSource } from "./aggregator-rates";
import { crossRate } from "./convert";
import { parsePegs, pegRateSource } from "./peg-rates";
import { firstRateOf, memoizedRates, type Rate, type RateSource } from "./rate";

/** Fiat currencies an invoice can be priced in; every rate goes through USD. */
export const FIAT_CURRENCIES = ["USD", "EUR"] as const;
export type FiatCurrency = (typeof FIAT_CURRENCIES)[number];

/** True when `currency` (upper case) is a fiat currency Payrail prices in. */
export function isFiatCurrency(currency: string): currency is FiatCurrency {
  return (FIAT_CURRENCIES as readonly string[]).includes(currency);
}

/**
 * The rates of one mode at `now`: stablecoin pegs first, then the price feeds of the enabled
 * networks of that mode only (a live invoice is never priced from a devnet's settable feed).
 * Each pair is read at most once per source.
 */
export function marketRates(opts: { livemode: boolean; now: Date }): RateSource {
  const config = env();
  return memoizedRates(
    firstRateOf([
      pegRateSource({ pegs: parsePegs(config.PRICE_STABLECOIN_PEGS), now: opts.now }),
      aggregatorRateSource({
        networks: enabledNetworks({ livemode: opts.livemode }),
        now: opts.now,
        maxAgeSeconds: config.PRICE_FEED_MAX_AGE_SECONDS,
      }),
    ]),
  );
}

/**
 * The price of one whole `asset` in `fiat` for an option on `networkId`: asset/USD, divided by
 * fiat/USD unless the fiat is USD. Null when some leg has no source (the asset cannot be priced).
 */
export async function assetRateIn(
  rates: RateSource,
  opts: { asset: string; fiat: FiatCurrency; networkId: string },
): Promise<Rate | null> {
  const inUsd = await rates.rate({ base: opts.asset, quote: "USD", networkId: opts.networkId });
  if (!inUsd || opts.fiat === "USD") return inUsd;
  const fiatInUsd = await rates.rate({ base: opts.fiat, quote: "USD", networkId: opts.networkId });
  return fiatInUsd ? crossRate(inUsd, fiatInUsd) : null;
}
