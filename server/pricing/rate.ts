/** A price: how many units of `quote` one whole unit of `base` is worth, as an exact positive fraction. */
export interface Rate {
  base: string;
  quote: string;
  numerator: bigint;
  denominator: bigint;
  /** Where it came from: `peg USDC/USD=1`, `aggregator ETH/USD devnet:0x…#3`; the legs of a cross rate joined by ", ". */
  source: string;
  /** When the source last updated it (a feed's `updatedAt`; a peg's: when it was read); the oldest leg's for a cross rate. */
  at: Date;
}

/** What a rate source is asked: the price of `base` in `quote`, for an option on `networkId`. */
export interface RateRequest {
  base: string;
  quote: string;
  networkId: string;
}

/**
 * A source of rates: pegs, on-chain aggregators, or a combination. Answers null when it does not
 * price the pair; throws AppError `rate_unavailable` when it should but cannot (stale, non-positive, unreachable).
 */
export interface RateSource {
  rate(request: RateRequest): Promise<Rate | null>;
}

/** The first source that prices the pair answers; a source that throws stops the search. */
export function firstRateOf(sources: readonly RateSource[]): RateSource {
  return {
    async rate(request) {
      for (const source of sources) {
        const found = await source.rate(request);
        if (found) return found;
      }
      return null;
    },
  };
}

/** Remember each pair's answer (or failure), so one quote reads every feed at most once. */
export function memoizedRates(source: RateSource): RateSource {
  const seen = new Map<string, Promise<Rate | null>>();
  return {
    rate(request) {
      const key = `${request.base}/${request.quote}@${request.networkId}`;
      let found = seen.get(key);
      if (!found) {
        found = source.rate(request);
        seen.set(key, found);
      }
      return found;
    },
  };
}
