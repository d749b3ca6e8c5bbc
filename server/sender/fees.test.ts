import { describe, expect, it } from "vitest";
import { replacementFees } from "./fees";

const GWEI = 1_000_000_000n;

describe("replacementFees", () => {
  it("raises both fees by 12.5%, rounded up, when the market is lower", () => {
    expect(
      replacementFees(
        { maxFeePerGas: 3n * GWEI + 1n, maxPriorityFeePerGas: GWEI },
        { maxFeePerGas: GWEI, maxPriorityFeePerGas: GWEI / 2n },
        500n * GWEI,
      ),
    ).toEqual({ maxFeePerGas: 3_375_000_002n, maxPriorityFeePerGas: 1_125_000_000n });
  });

  it("follows the market when it rose more than 12.5%", () => {
    expect(
      replacementFees(
        { maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: GWEI },
        { maxFeePerGas: 40n * GWEI, maxPriorityFeePerGas: 2n * GWEI },
        500n * GWEI,
      ),
    ).toEqual({ maxFeePerGas: 40n * GWEI, maxPriorityFeePerGas: 2n * GWEI });
  });

  it("stops at the cap, and gives up when the cap leaves less than the +10% a node requires", () => {
    const cap = 100n * GWEI;
    expect(
      replacementFees(
        { maxFeePerGas: 90n * GWEI, maxPriorityFeePerGas: GWEI },
        { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
        cap,
      ),
    ).toEqual({ maxFeePerGas: cap, maxPriorityFeePerGas: 1_125_000_000n });
    expect(
      replacementFees(
        { maxFeePerGas: 95n * GWEI, maxPriorityFeePerGas: GWEI },
        { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
        cap,
      ),
    ).toBeNull();
  });

  it("keeps the tip at or under the max fee", () => {
    expect(
      replacementFees(
        { maxFeePerGas: 10n, maxPriorityFeePerGas: 10n },
        { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
        10n,
      ),
    ).toBeNull();
    expect(
      replacementFees(
        { maxFeePerGas: 10n, maxPriorityFeePerGas: 10n },
        { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
        100n,
      ),
    ).toEqual({ maxFeePerGas: 12n, maxPriorityFeePerGas: 12n });
  });
});
