import { describe, expect, it } from "vitest";
import { creditInCurrency, dueInOption } from "./option-credit";

// 25.00 USD (2500 cents): 8333333333333334 wei of ETH at 3000 USD/ETH (rounded up), or 25000000 USDC base units.
const invoiceAmount = 2500n;
const ETH = 8_333_333_333_333_334n;
const USDC = 25_000_000n;

describe("option credit and dues", () => {
  it("credits what an option received in cents, rounded down", () => {
    expect(creditInCurrency(ETH, { invoiceAmount, optionAmount: ETH })).toBe(2500n);
    expect(creditInCurrency(5_000_000_000_000_000n, { invoiceAmount, optionAmount: ETH })).toBe(1499n);
    expect(creditInCurrency(10_000_000n, { invoiceAmount, optionAmount: USDC })).toBe(1000n);
  });

  it("asks exactly the rest of the locked amount in the option already used, not the rounded cents", () => {
    // 0.005 ETH credits 14.99 USD; the rest in ETH is the locked amount minus what was paid, to the wei.
    const due = dueInOption({
      invoiceAmount,
      optionAmount: ETH,
      received: 5_000_000_000_000_000n,
      creditedByOthers: 0n,
    });
    expect(due).toBe(3_333_333_333_333_334n);
    expect(creditInCurrency(5_000_000_000_000_000n + due, { invoiceAmount, optionAmount: ETH })).toBe(2500n);
  });

  it("asks the least that credits the rest when another option paid part", () => {
    // 10.00 USD paid in USDC: 15.00 USD is due, in ETH ceil(1500 × ETH ÷ 2500) = 5000000000000001 wei.
    const due = dueInOption({ invoiceAmount, optionAmount: ETH, received: 0n, creditedByOthers: 1000n });
    expect(due).toBe(5_000_000_000_000_001n);
    expect(creditInCurrency(due, { invoiceAmount, optionAmount: ETH })).toBe(1500n);
    expect(creditInCurrency(due - 1n, { invoiceAmount, optionAmount: ETH })).toBe(1499n);
    expect(dueInOption({ invoiceAmount, optionAmount: USDC, received: 10_000_000n, creditedByOthers: 0n })).toBe(
      15_000_000n,
    );
  });

  it("asks nothing once the others cover the amount or the option received enough", () => {
    expect(dueInOption({ invoiceAmount, optionAmount: ETH, received: 0n, creditedByOthers: 2500n })).toBe(0n);
    expect(dueInOption({ invoiceAmount, optionAmount: ETH, received: ETH + 1n, creditedByOthers: 0n })).toBe(0n);
  });
});
