import { formatDecimal } from "../money";
import type { Rate } from "./rate";

/** Digits after the point of a displayed rate (`payment_options[].rate`) when it is not a finite decimal. */
export const RATE_DISPLAY_DECIMALS = 18;

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Ceiling of a / b for a >= 0, b > 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/**
 * Base units of an asset worth `fiatAmount` (minor units with `fiatDecimals` places) at `rate`
 * (fiat per whole asset unit), rounded UP: the merchant never receives less than the fiat amount,
 * and at most one base unit more than its exact value at the rate.
 */
export function fiatToBaseUnits(opts: {
  fiatAmount: bigint;
  fiatDecimals: number;
  rate: Rate;
  assetDecimals: number;
}): bigint {
  const { rate } = opts;
  return ceilDiv(
    opts.fiatAmount * rate.denominator * 10n ** BigInt(opts.assetDecimals),
    10n ** BigInt(opts.fiatDecimals) * rate.numerator,
  );
}

/**
 * The rate of `base` in `fiat` through a common currency: `baseRate` is base in X, `fiatRate` fiat in X
 * (e.g. ETH/USD and EUR/USD give ETH/EUR). Exact: a fraction, reduced.
 */
export function crossRate(baseRate: Rate, fiatRate: Rate): Rate {
  let numerator = baseRate.numerator * fiatRate.denominator;
  let denominator = baseRate.denominator * fiatRate.numerator;
  const divisor = gcd(numerator, denominator);
  numerator /= divisor;
  denominator /= divisor;
  return {
    base: baseRate.base,
    quote: fiatRate.base,
    numerator,
    denominator,
    source: `${baseRate.source}, ${fiatRate.source}`,
    at: baseRate.at.getTime() <= fiatRate.at.getTime() ? baseRate.at : fiatRate.at,
  };
}

/**
 * A rate as a decimal string: exact when it is a finite decimal of up to 18 places (feeds' answers,
 * pegs), else rounded down to 18 places (cross rates). Display only: amounts use the exact fraction.
 */
export function formatRate(rate: Rate): string {
  const scaled = (rate.numerator * 10n ** BigInt(RATE_DISPLAY_DECIMALS)) / rate.denominator;
  return formatDecimal(scaled, RATE_DISPLAY_DECIMALS, 2);
}
