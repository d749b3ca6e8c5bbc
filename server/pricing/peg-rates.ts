import type { Rate, RateSource } from "./rate";

/** Parse `SYMBOL=decimal` pairs ("USDC=1,USDT=1"): each stablecoin's peg in USD. */
export function parsePegs(config: string): Map<string, string> {
  const pegs = new Map<string, string>();
  for (const entry of config.split(",")) {
    const [symbol, value] = entry.split("=");
    if (symbol && value) pegs.set(symbol.trim().toUpperCase(), value.trim());
  }
  return pegs;
}

/** An exact fraction of a plain positive decimal string ("1", "0.9995"); null if it is not one. */
function decimalFraction(value: string): { numerator: bigint; denominator: bigint } | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) return null;
  const fraction = match[2] ?? "";
  const numerator = BigInt(`${match[1]}${fraction}`);
  return numerator > 0n ? { numerator, denominator: 10n ** BigInt(fraction.length) } : null;
}

/**
 * Stablecoins at a configured peg in USD (`PRICE_STABLECOIN_PEGS`, default USDC and USDT at 1).
 * The rate's time is `now`: a peg does not go stale.
 */
export function pegRateSource(opts: { pegs: Map<string, string>; now: Date }): RateSource {
  return {
    async rate({ base, quote }): Promise<Rate | null> {
      const peg = opts.pegs.get(base);
      if (quote !== "USD" || peg === undefined) return null;
      const fraction = decimalFraction(peg);
      if (!fraction) return null;
      return { base, quote, ...fraction, source: `peg ${base}/USD=${peg}`, at: opts.now };
    },
  };
}
