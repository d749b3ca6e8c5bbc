import { Prisma } from "./generated/prisma/client";

/**
 * Conversions between bigint base units, database decimals and API decimal strings.
 * The only place money changes representation; never floats.
 */

const DECIMAL_RE = /^(0|[1-9]\d*)(\.\d+)?$/;

/** Parse a non-negative decimal string ("25.00") into base units with `decimals` places. Returns null if the string is not a plain decimal or has more places than `decimals`. */
export function parseDecimal(value: string, decimals: number): bigint | null {
  if (!DECIMAL_RE.test(value)) return null;
  const [whole, fraction = ""] = value.split(".") as [string, string?];
  const frac = (fraction ?? "").replace(/0+$/, "");
  if (frac.length > decimals) return null;
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
}

/** Format base units as a decimal string with at least `minFractionDigits` places ("25.00", "0.015"). */
export function formatDecimal(value: bigint, decimals: number, minFractionDigits = 0): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  let fraction = decimals > 0 ? (abs % base).toString().padStart(decimals, "0").replace(/0+$/, "") : "";
  if (fraction.length < minFractionDigits) fraction = fraction.padEnd(minFractionDigits, "0");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/**
 * {@link formatDecimal} of base units given as integer text (PostgreSQL's `numeric::text`: an optional
 * `-`, digits, no leading zeros), with string operations only: the same output, without a bigint per
 * call (exports format millions of amounts).
 */
export function formatDecimalText(units: string, decimals: number, minFractionDigits = 0): string {
  const negative = units.charCodeAt(0) === 45; // "-"
  const digits = negative ? units.slice(1) : units;
  let whole: string;
  let fraction: string;
  if (decimals === 0) [whole, fraction] = [digits, ""];
  else if (digits.length > decimals) [whole, fraction] = [digits.slice(0, -decimals), digits.slice(-decimals)];
  else [whole, fraction] = ["0", digits.padStart(decimals, "0")];
  let end = fraction.length;
  while (end > minFractionDigits && fraction.charCodeAt(end - 1) === 48) end--; // trailing "0"s, down to the minimum
  fraction = end < minFractionDigits ? fraction.padEnd(minFractionDigits, "0") : fraction.slice(0, end);
  const sign = negative && (whole !== "0" || /[1-9]/.test(fraction)) ? "-" : "";
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Rescale base units between precisions. Scaling down must be exact; throws otherwise (a programming error). */
export function rescale(value: bigint, fromDecimals: number, toDecimals: number): bigint {
  if (toDecimals >= fromDecimals) return value * 10n ** BigInt(toDecimals - fromDecimals);
  const factor = 10n ** BigInt(fromDecimals - toDecimals);
  if (value % factor !== 0n)
    throw new RangeError(`cannot rescale ${value} from ${fromDecimals} to ${toDecimals} decimals exactly`);
  return value / factor;
}

/** Base units of a database Decimal(78,0) column. */
export function toBigInt(value: Prisma.Decimal | string | bigint): bigint {
  if (typeof value === "bigint") return value;
  return BigInt(typeof value === "string" ? value : value.toFixed(0));
}

/** A Decimal(78,0) column value for base units. */
export function toDbDecimal(value: bigint): Prisma.Decimal {
  return new Prisma.Decimal(value.toString());
}
