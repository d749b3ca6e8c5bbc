import { describe, expect, it } from "vitest";
import { underpaymentTolerance } from "./tolerance";

const usdc = { currency: "USDC", currencyDecimals: 6 };
const usd = { currency: "USD", currencyDecimals: 2 };
const eth = { currency: "ETH", currencyDecimals: 18 };

describe("underpaymentTolerance", () => {
  it("is zero by default", () => {
    expect(underpaymentTolerance(25_000_000n, usdc, { kind: "none", value: "5", currency: "USDC" })).toBe(0n);
  });

  it("takes an absolute amount on invoices priced in the currency it is stated in", () => {
    expect(underpaymentTolerance(25_000_000n, usdc, { kind: "absolute", value: "0.50", currency: "USDC" })).toBe(
      500_000n,
    );
    expect(underpaymentTolerance(2_500n, usd, { kind: "absolute", value: "1.00", currency: "usd" })).toBe(100n);
    expect(underpaymentTolerance(25n * 10n ** 18n, eth, { kind: "absolute", value: "0.01", currency: "ETH" })).toBe(
      10n ** 16n,
    );
  });

  it("never turns a 1.00 USD tolerance into 1 ETH: another currency's absolute amount accepts nothing short", () => {
    expect(underpaymentTolerance(5n * 10n ** 17n, eth, { kind: "absolute", value: "1.00", currency: "USD" })).toBe(0n);
    expect(underpaymentTolerance(25_000_000n, usdc, { kind: "absolute", value: "1.00", currency: "USD" })).toBe(0n);
  });

  it("caps any tolerance at 5% of the amount, so an invoice smaller than the tolerance is not paid by 1 base unit", () => {
    // A 0.50 USD invoice with a 1.00 USD tolerance: 2 cents (5% of 50, rounded down), not 49.
    expect(underpaymentTolerance(50n, usd, { kind: "absolute", value: "1.00", currency: "USD" })).toBe(2n);
    expect(underpaymentTolerance(1_000_000n, usdc, { kind: "absolute", value: "5", currency: "USDC" })).toBe(50_000n);
    expect(underpaymentTolerance(1n, usd, { kind: "absolute", value: "1.00", currency: "USD" })).toBe(0n);
    expect(underpaymentTolerance(25_000_000n, usdc, { kind: "percent", value: "50", currency: "USD" })).toBe(
      1_250_000n,
    );
    expect(underpaymentTolerance(25_000_000n, usdc, { kind: "percent", value: "99.99", currency: "USD" })).toBe(
      1_250_000n,
    );
  });

  it("takes a percentage, rounded down in the merchant's favour", () => {
    expect(underpaymentTolerance(25_000_000n, usdc, { kind: "percent", value: "1.5", currency: "USD" })).toBe(375_000n);
    expect(underpaymentTolerance(333n, usdc, { kind: "percent", value: "1", currency: "USD" })).toBe(3n); // 3.33 → 3
  });

  it("accepts nothing short when the setting is unusable", () => {
    expect(underpaymentTolerance(25_000_000n, usdc, { kind: "absolute", value: "abc", currency: "USDC" })).toBe(0n);
    expect(underpaymentTolerance(25_000_000n, usdc, { kind: "percent", value: "0.001", currency: "USD" })).toBe(0n);
    // More decimals than the currency has.
    expect(underpaymentTolerance(2_500n, usd, { kind: "absolute", value: "0.001", currency: "USD" })).toBe(0n);
  });
});
