import { parseDecimal } from "../money";

export type ToleranceKind = "none" | "absolute" | "percent";

/** The largest shortfall any invoice accepts: 5% of its amount, whatever the setting says. */
export const MAX_TOLERANCE_PERCENT = "5";
const MAX_TOLERANCE_HUNDREDTHS = 500n;

/** A merchant's underpayment tolerance setting. */
export interface ToleranceSetting {
  kind: ToleranceKind;
  /** "0.50" (absolute, in `currency`) or "1.5" (percent, up to two decimals). */
  value: string;
  /** The currency an absolute amount is stated in ("USD", "EUR", "USDC", "ETH"...). Ignored for a percentage. */
  currency: string;
}

/**
 * The shortfall an invoice accepts, in currency minor units, from the merchant's setting.
 *
 * - `percent`: that share of the amount, rounded down (in the merchant's favour).
 * - `absolute`: the amount as stated, only on invoices priced in the currency it is stated in; any other
 *   invoice accepts no absolute shortfall. No conversion: a tolerance stated in USD is never turned into
 *   ETH at a market rate (a crypto invoice has no locked rate, and an amount meant as 1 USD must never
 *   become 1 ETH). A percentage is the setting that works in every currency.
 *
 * Either way it is capped at 5% of the amount (rounded down), so it never reaches the amount: a small
 * invoice is never paid by a few base units. An unparsable setting accepts nothing short.
 */
export function underpaymentTolerance(
  amount: bigint,
  invoice: { currency: string; currencyDecimals: number },
  setting: ToleranceSetting,
): bigint {
  const cap = (amount * MAX_TOLERANCE_HUNDREDTHS) / 10_000n;
  const capped = (v: bigint) => (v < 0n ? 0n : v < cap ? v : cap);
  if (setting.kind === "absolute") {
    if (setting.currency.toUpperCase() !== invoice.currency.toUpperCase()) return 0n;
    const absolute = parseDecimal(setting.value, invoice.currencyDecimals);
    return absolute === null ? 0n : capped(absolute);
  }
  if (setting.kind === "percent") {
    const hundredths = parseDecimal(setting.value, 2);
    if (hundredths === null) return 0n;
    return capped((amount * hundredths) / 10_000n);
  }
  return 0n;
}
