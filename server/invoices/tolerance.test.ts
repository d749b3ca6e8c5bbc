import { describe, expect, it } from "vitest";
import { underpaymentTolerance } from "./tolerance";

describe("underpaymentTolerance", () => {
  it("is zero by default", () => {
    expect(underpaymentTolerance(25_000_000n, 6, "none", "5")).toBe(0n);
  });

  it("takes an absolute amount in the invoice currency", () => {
    expect(underpaymentTolerance(25_000_000n, 6, "absolute", "0.50")).toBe(500_000n);
    expect(underpaymentTolerance(25n * 10n ** 18n, 18, "absolute", "0.01")).toBe(10n ** 16n);
  });

  it("never lets the tolerance swallow the whole amount", () => {
    expect(underpaymentTolerance(1_000_000n, 6, "absolute", "5")).toBe(999_999n);
  });

  it("takes a percentage, rounded down in the merchant's favour", () => {
    expect(underpaymentTolerance(25_000_000n, 6, "percent", "1.5")).toBe(375_000n);
    expect(underpaymentTolerance(333n, 6, "percent", "1")).toBe(3n); // 3.33 → 3
  });

  it("accepts nothing short when the setting is unusable", () => {
    expect(underpaymentTolerance(25_000_000n, 6, "absolute", "abc")).toBe(0n);
    expect(underpaymentTolerance(25_000_000n, 6, "percent", "100")).toBe(0n);
    expect(underpaymentTolerance(25_000_000n, 6, "percent", "0.001")).toBe(0n);
  });
});
