import { describe, expect, it } from "vitest";
import { takeFromDeposits, type SweepableDeposit } from "./sweepable-deposit-balances";

const deposit = (address: string, amount: bigint): SweepableDeposit => ({ address, keyPath: `m/${address}`, amount });
// Largest first, as sweepableDepositBalances returns them.
const candidates = [deposit("0xa", 300n), deposit("0xb", 200n), deposit("0xc", 50n)];
const shares = (target: bigint, minPart?: bigint) =>
  takeFromDeposits(candidates, target, minPart === undefined ? {} : { minPart }).map((s) => [s.address, s.amount]);

describe("takeFromDeposits", () => {
  it("takes whole balances largest first, then only the part still needed", () => {
    expect(shares(475n)).toEqual([
      ["0xa", 300n],
      ["0xb", 175n],
    ]);
    expect(takeFromDeposits([deposit("0xa", 1_000_000_000n)], 900_000_000n)).toEqual([
      { address: "0xa", keyPath: "m/0xa", amount: 900_000_000n },
    ]);
  });

  it("takes exact whole balances when they sum to the target", () => {
    expect(shares(500n)).toEqual([
      ["0xa", 300n],
      ["0xb", 200n],
    ]);
    expect(shares(550n)).toEqual([
      ["0xa", 300n],
      ["0xb", 200n],
      ["0xc", 50n],
    ]);
  });

  it("takes everything when the balances fall short, nothing for a target of 0 or less", () => {
    expect(shares(10_000n)).toEqual([
      ["0xa", 300n],
      ["0xb", 200n],
      ["0xc", 50n],
    ]);
    expect(shares(0n)).toEqual([]);
    expect(shares(-5n)).toEqual([]);
  });

  it("leaves out a part below minPart", () => {
    expect(shares(310n, 20n)).toEqual([["0xa", 300n]]);
    expect(shares(320n, 20n)).toEqual([
      ["0xa", 300n],
      ["0xb", 20n],
    ]);
  });
});
