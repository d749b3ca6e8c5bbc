import { describe, expect, it } from "vitest";
import { formatDecimal, formatDecimalText, parseDecimal, rescale } from "./money";

describe("parseDecimal", () => {
  it("parses decimal strings into exact base units", () => {
    expect(parseDecimal("25.00", 6)).toBe(25_000_000n);
    expect(parseDecimal("0.015", 18)).toBe(15_000_000_000_000_000n);
    expect(parseDecimal("1", 0)).toBe(1n);
    expect(parseDecimal("123456789012345678901234567890", 18)).toBe(123456789012345678901234567890n * 10n ** 18n);
  });

  it("accepts trailing zeros beyond the precision but not significant digits", () => {
    expect(parseDecimal("1.1000000", 6)).toBe(1_100_000n);
    expect(parseDecimal("1.0000001", 6)).toBeNull();
  });

  it("refuses anything that is not a plain non-negative decimal", () => {
    for (const bad of ["", "-1", "1e6", "01", ".5", "5.", "1,5", " 1", "0x10", "NaN", "Infinity"]) {
      expect(parseDecimal(bad, 6), bad).toBeNull();
    }
  });
});

describe("formatDecimal", () => {
  it("formats base units with a minimum of fraction digits", () => {
    expect(formatDecimal(25_000_000n, 6, 2)).toBe("25.00");
    expect(formatDecimal(15_000_000_000_000_000n, 18, 2)).toBe("0.015");
    expect(formatDecimal(1n, 6)).toBe("0.000001");
    expect(formatDecimal(0n, 6, 2)).toBe("0.00");
    expect(formatDecimal(-1_500_000n, 6, 2)).toBe("-1.50");
  });

  it("round-trips with parseDecimal", () => {
    for (const v of [0n, 1n, 999_999n, 10n ** 30n + 7n]) {
      expect(parseDecimal(formatDecimal(v, 6), 6)).toBe(v);
    }
  });
});

describe("formatDecimalText", () => {
  it("formats integer text exactly as formatDecimal formats the bigint", () => {
    const values = [
      0n,
      1n,
      9n,
      10n,
      100n,
      1_500_000n,
      25_000_000n,
      2_500_999n,
      10n ** 18n,
      15n * 10n ** 15n,
      10n ** 30n + 7n,
    ];
    for (const v of [...values, ...values.map((x) => -x)]) {
      for (const decimals of [0, 1, 2, 6, 8, 18]) {
        for (const min of [0, 2])
          expect([v, decimals, min, formatDecimalText(v.toString(), decimals, min)]).toEqual([
            v,
            decimals,
            min,
            formatDecimal(v, decimals, min),
          ]);
      }
    }
  });
});

describe("rescale", () => {
  it("scales up exactly and refuses to lose digits scaling down", () => {
    expect(rescale(25_000_000n, 6, 18)).toBe(25n * 10n ** 18n);
    expect(rescale(25n * 10n ** 18n, 18, 6)).toBe(25_000_000n);
    expect(() => rescale(1n, 18, 6)).toThrow(RangeError);
  });
});
