import { describe, expect, it } from "vitest";
import { assetMinimum, isDust } from "./dust-minimums";

const usdc = { symbol: "USDC", decimals: 6 };
const eth = { symbol: "ETH", decimals: 18 };

describe("dust minimums", () => {
  it("is about a cent per asset, in base units", () => {
    expect(assetMinimum(usdc)).toBe(10_000n);
    expect(assetMinimum({ symbol: "USDC", decimals: 18 })).toBe(10n ** 16n);
    expect(assetMinimum(eth)).toBe(5n * 10n ** 12n);
    expect(assetMinimum({ symbol: "XYZ", decimals: 18 })).toBe(1n);
  });

  it("calls dust what is below the minimum, or below 5% of a smaller option", () => {
    expect(isDust(9_999n, usdc)).toBe(true);
    expect(isDust(10_000n, usdc)).toBe(false);
    expect(isDust(1n, eth, 10n ** 18n)).toBe(true);
    // A 0.001 USDC invoice: 5% of it (50) is the line, not 0.01.
    expect(isDust(49n, usdc, 1_000n)).toBe(true);
    expect(isDust(50n, usdc, 1_000n)).toBe(false);
    expect(isDust(1n, { symbol: "XYZ", decimals: 18 })).toBe(false);
  });
});
