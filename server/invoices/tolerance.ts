import { parseDecimal } from "../money";

export type ToleranceKind = "none" | "absolute" | "percent";

/**
 * The shortfall an invoice accepts, in currency minor units, from the merchant's setting: an
 * absolute amount in the invoice currency ("0.50") or a percentage with up to two decimals ("1.5").
 * A percentage rounds down, in the merchant's favour. An unparsable setting accepts nothing short.
 */
export function underpaymentTolerance(
  amount: bigint,
  currencyDecimals: number,
  kind: ToleranceKind,
  value: string,
): bigint {
  if (kind === "absolute") {
    const absolute = parseDecimal(value, currencyDecimals);
    if (absolute === null) return 0n;
    return absolute < amount ? absolute : amount - 1n;
  }
  if (kind === "percent") {
    const hundredths = parseDecimal(value, 2);
    if (hundredths === null || hundredths >= 10_000n) return 0n;
    return (amount * hundredths) / 10_000n;
  }
  return 0n;
}
