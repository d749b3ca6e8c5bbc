import { describe, expect, it } from "vitest";
import { OPEN_COUNT_TRUSTED_MS, openInvoicesNeedCounting, rememberOpenInvoices } from "./open-invoice-limit";

describe("when a creation counts the merchant's open invoices", () => {
  it("reuses a count for a second while it and every creation since stay below 90% of the limit", () => {
    const key = "mer_a:false";
    const t = 1_000_000;
    expect(openInvoicesNeedCounting(key, 1_000, t)).toBe(true);
    rememberOpenInvoices(key, 100, t);
    // 100 open, then this creation: 101. Trusted while 100 + creations since + the next one stays below 900.
    let skipped = 0;
    while (!openInvoicesNeedCounting(key, 1_000, t + 10)) skipped++;
    expect(skipped).toBe(798); // 100 + 1 + 798 = 899 open at most; the next would make 900
    rememberOpenInvoices(key, 100, t);
    expect(openInvoicesNeedCounting(key, 1_000, t + OPEN_COUNT_TRUSTED_MS - 1)).toBe(false);
    expect(openInvoicesNeedCounting(key, 1_000, t + OPEN_COUNT_TRUSTED_MS)).toBe(true);
    // A clock that went back trusts nothing.
    rememberOpenInvoices(key, 100, t);
    expect(openInvoicesNeedCounting(key, 1_000, t - 1)).toBe(true);
  });

  it("counts every time near the limit, with small limits, and per merchant and mode", () => {
    const t = 5_000_000;
    rememberOpenInvoices("mer_b:false", 899, t);
    expect(openInvoicesNeedCounting("mer_b:false", 1_000, t + 1)).toBe(true);
    rememberOpenInvoices("mer_c:false", 0, t);
    expect(openInvoicesNeedCounting("mer_c:false", 2, t + 1)).toBe(true);
    expect(openInvoicesNeedCounting("mer_c:true", 1_000, t + 1)).toBe(true);
    rememberOpenInvoices("mer_c:true", 0, t);
    expect(openInvoicesNeedCounting("mer_c:true", 1_000, t + 1)).toBe(false);
    expect(openInvoicesNeedCounting("mer_c:false", 1_000, t + 1)).toBe(false);
  });
});
