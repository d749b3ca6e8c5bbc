import { parseDecimal } from "../money";

/**
 * The smallest amount of each asset credited to an invoice, by symbol (whole units): about a cent. A transfer
 * below it is dust: recorded, kept in the ledger as the merchant's dust, never credited, never an event, and
 * never a reason to move an invoice (so 1 wei cannot send a paid invoice to review, and thousands of them cost
 * a scan a few statements). An asset not listed here has no minimum.
 */
const MINIMUMS: Readonly<Record<string, string>> = {
  USDC: "0.01",
  USDT: "0.01",
  DAI: "0.01",
  EURC: "0.01",
  ETH: "0.000005",
  POL: "0.05",
  BNB: "0.00002",
};

/** The asset's minimum credited amount in base units (1 when it has none: nothing above zero is dust). */
export function assetMinimum(asset: { symbol: string; decimals: number }): bigint {
  const minimum = MINIMUMS[asset.symbol];
  const parsed = minimum === undefined ? null : parseDecimal(minimum, asset.decimals);
  return parsed === null || parsed < 1n ? 1n : parsed;
}

/**
 * Whether a transfer of `amount` base units is dust for an invoice: below the asset's minimum, or, when the
 * invoice can be paid in that asset, below the smaller of that and 5% of the option's amount (so an invoice
 * smaller than the minimum can still be paid, and its own partial payments still count).
 */
export function isDust(amount: bigint, asset: { symbol: string; decimals: number }, optionAmount?: bigint): boolean {
  const minimum = assetMinimum(asset);
  if (optionAmount === undefined) return amount < minimum;
  const relative = optionAmount / 20n;
  return amount < (relative < minimum ? relative : minimum);
}
