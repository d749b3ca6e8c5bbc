import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatBasisPoints, percentToBasisPoints, splitShares, WHOLE_BASIS_POINTS } from "./split-shares";

/** 1 to 20 positive splits (hundredths of a percent) summing to at most 100%. */
const splits = fc
  .array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 20 })
  .filter((bps) => bps.reduce((s, x) => s + x, 0) <= 10_000);

/** Amounts from one base unit to beyond uint256's range of interest (18-decimal amounts far above 2^53). */
const received = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 0n, max: 2n ** 200n }));

describe("splitShares", () => {
  it("never creates or loses a base unit: the shares plus the merchant's remainder are what was received", () => {
    fc.assert(
      fc.property(received, splits, (amount, bps) => {
        const { shares, remainder } = splitShares(amount, bps);
        expect(shares.reduce((s, x) => s + x, 0n) + remainder).toBe(amount);
        expect(remainder >= 0n).toBe(true);
        // Each share is the exact percentage rounded down: less than one unit short of it.
        shares.forEach((share, i) => {
          const exact = amount * BigInt(bps[i]!);
          expect(share * WHOLE_BASIS_POINTS <= exact && exact < (share + 1n) * WHOLE_BASIS_POINTS).toBe(true);
        });
        // Rounding leaves less than one unit per split with the merchant, beyond its own percentage.
        const merchantExact = amount * (WHOLE_BASIS_POINTS - BigInt(bps.reduce((s, x) => s + x, 0)));
        expect(remainder * WHOLE_BASIS_POINTS >= merchantExact).toBe(true);
        expect(remainder * WHOLE_BASIS_POINTS < merchantExact + BigInt(bps.length) * WHOLE_BASIS_POINTS).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it("70/20/10 of 10.000001 USDC and of 0.010000000000000003 ETH", () => {
    expect(splitShares(10_000_001n, [7000, 2000, 1000])).toEqual({
      shares: [7_000_000n, 2_000_000n, 1_000_000n],
      remainder: 1n,
    });
    expect(splitShares(10_000_000_000_000_003n, [7000, 2000, 1000])).toEqual({
      shares: [7_000_000_000_000_002n, 2_000_000_000_000_000n, 1_000_000_000_000_000n],
      remainder: 1n,
    });
  });

  it("reads percents with at most two decimals and writes them back", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (bp) => {
        const text = formatBasisPoints(bp);
        expect(percentToBasisPoints(text)).toBe(bp);
        expect(percentToBasisPoints(Number(text))).toBe(bp);
      }),
    );
    for (const bad of ["12.345", "-1", "1e2", "", " ", "0x10", "1.", ".5", Number.NaN, Infinity, 1e-7])
      expect(percentToBasisPoints(bad as string | number)).toBeNull();
    expect(percentToBasisPoints("0")).toBe(0);
  });

  it("refuses splits over 100% or not positive", () => {
    expect(() => splitShares(100n, [6000, 4001])).toThrow(RangeError);
    expect(() => splitShares(100n, [0])).toThrow(RangeError);
  });
});
