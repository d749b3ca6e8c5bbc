/** Hundredths of a percent in 100%. */
export const WHOLE_BASIS_POINTS = 10_000n;

/**
 * Each participant's share of `received` base units for splits of `basisPoints` (hundredths of a percent, summing to
 * at most 10,000): `floor(received × bp ÷ 10,000)` each, in integer arithmetic, so every share is rounded down to the
 * base unit and what the rounding leaves (less than one base unit per split) stays with the merchant. Shares plus
 * `remainder` equal `received` exactly: no base unit is created or lost.
 */
export function splitShares(received: bigint, basisPoints: readonly number[]): { shares: bigint[]; remainder: bigint } {
  if (received < 0n) throw new RangeError(`cannot split a negative amount (${received})`);
  const total = basisPoints.reduce((s, bp) => s + BigInt(bp), 0n);
  if (basisPoints.some((bp) => !Number.isInteger(bp) || bp <= 0) || total > WHOLE_BASIS_POINTS)
    throw new RangeError(`splits must be positive and sum to at most 100% (got ${basisPoints.join(", ")})`);
  const shares = basisPoints.map((bp) => (received * BigInt(bp)) / WHOLE_BASIS_POINTS);
  return { shares, remainder: received - shares.reduce((s, x) => s + x, 0n) };
}

/**
 * A percent with at most two decimals ("70", "12.5", 12.5) in hundredths of a percent (7000, 1250), or null when it
 * is not one (more decimals, an exponent, a sign, not finite). Numbers go through their shortest decimal text, which
 * for a JSON number with at most two decimals is exactly what was sent.
 */
export function percentToBasisPoints(value: string | number): number | null {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** Hundredths of a percent as the API shows a percent: "70.00", "12.50". */
export function formatBasisPoints(bp: number): string {
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
}
