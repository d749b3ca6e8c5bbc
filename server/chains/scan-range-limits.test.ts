import { describe, expect, it } from "vitest";
import { ScanRangeLimits } from "./scan-range-limits";

describe("ScanRangeLimits", () => {
  it("halves a refused range, per network, and doubles it again after 32 full-size ranges passed", () => {
    const limits = new ScanRangeLimits();
    expect(limits.sizeFor("a", 50n)).toBe(50n);
    expect(limits.refused("a", 50n)).toBe(25n);
    expect(limits.refused("a", 25n)).toBe(12n);
    expect(limits.sizeFor("a", 50n)).toBe(12n);
    expect(limits.sizeFor("a", 8n)).toBe(8n);
    expect(limits.sizeFor("b", 50n)).toBe(50n);

    limits.passed("a", 5n); // a short range (the chain head) says nothing about the limit
    for (let i = 0; i < 31; i++) limits.passed("a", 12n);
    expect(limits.sizeFor("a", 50n)).toBe(12n);
    limits.passed("a", 12n);
    expect(limits.sizeFor("a", 50n)).toBe(24n);
    expect(limits.refused("a", 1n)).toBe(1n);
  });
});
