import { describe, expect, it } from "vitest";
import { ceilDiv, crossRate, fiatToBaseUnits, formatRate } from "./convert";
import type { Rate } from "./rate";

const at = new Date("2026-01-01T00:00:00Z");
const later = new Date("2026-01-01T00:05:00Z");
const rate = (base: string, quote: string, numerator: bigint, denominator: bigint, when = at): Rate => ({
  base,
  quote,
  numerator,
  denominator,
  source: `test ${base}/${quote}`,
  at: when,
});

const ethUsd = rate("ETH", "USD", 3000_00000000n, 10n ** 8n);
const eurUsd = rate("EUR", "USD", 1_08000000n, 10n ** 8n, later);
const usdcUsd = rate("USDC", "USD", 1n, 1n);

describe("fiat to base units", () => {
  it("is exact when the amount divides evenly", () => {
    expect(fiatToBaseUnits({ fiatAmount: 2500n, fiatDecimals: 2, rate: usdcUsd, assetDecimals: 6 })).toBe(25_000_000n);
    expect(fiatToBaseUnits({ fiatAmount: 3000_00n, fiatDecimals: 2, rate: ethUsd, assetDecimals: 18 })).toBe(
      10n ** 18n,
    );
  });

  it("rounds the crypto amount up by less than one base unit, never down", () => {
    // 25.00 USD at 3000 USD/ETH is 0.00833… ETH = 8333333333333333.33… wei.
    expect(fiatToBaseUnits({ fiatAmount: 2500n, fiatDecimals: 2, rate: ethUsd, assetDecimals: 18 })).toBe(
      8_333_333_333_333_334n,
    );
    // 0.01 USD at 3000.12345678 USD/ETH: 10^24 / 300012345678 = 3333196164778.13 wei.
    const odd = rate("ETH", "USD", 3000_12345678n, 10n ** 8n);
    expect(fiatToBaseUnits({ fiatAmount: 1n, fiatDecimals: 2, rate: odd, assetDecimals: 18 })).toBe(3_333_196_164_779n);
  });

  it("stays within one base unit above the exact value for many amounts and rates", () => {
    let seed = 12345n;
    const next = (mod: bigint) => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      return (seed % mod) + 1n;
    };
    for (let i = 0; i < 2000; i++) {
      const fiat = next(10n ** 9n);
      const r = rate("X", "USD", next(10n ** 14n), 10n ** next(12n));
      const decimals = Number(next(18n));
      const base = fiatToBaseUnits({ fiatAmount: fiat, fiatDecimals: 2, rate: r, assetDecimals: decimals });
      // base * price >= fiat (the merchant gets at least the amount) and (base - 1) * price < fiat.
      const worth = (units: bigint) => units * r.numerator * 100n;
      const owed = fiat * r.denominator * 10n ** BigInt(decimals);
      expect(worth(base) >= owed).toBe(true);
      expect(worth(base - 1n) < owed).toBe(true);
    }
  });

  it("ceilDiv rounds up only when there is a remainder", () => {
    expect([ceilDiv(10n, 5n), ceilDiv(11n, 5n), ceilDiv(0n, 5n)]).toEqual([2n, 3n, 0n]);
  });
});

describe("cross rates", () => {
  it("gives EUR per ETH from ETH/USD and EUR/USD exactly, with both sources and the older time", () => {
    const ethEur = crossRate(ethUsd, eurUsd);
    expect(ethEur).toEqual({
      base: "ETH",
      quote: "EUR",
      numerator: 25000n,
      denominator: 9n,
      source: "test ETH/USD, test EUR/USD",
      at,
    });
    // 25.00 EUR = 25 * 1.08 / 3000 ETH = 0.009 ETH exactly: no artefact of a rounded rate.
    expect(fiatToBaseUnits({ fiatAmount: 2500n, fiatDecimals: 2, rate: ethEur, assetDecimals: 18 })).toBe(
      9_000_000_000_000_000n,
    );
    expect(formatRate(ethEur)).toBe("2777.777777777777777777");
  });

  it("prices a USD stablecoin in EUR", () => {
    const usdcEur = crossRate(usdcUsd, eurUsd);
    expect([usdcEur.numerator, usdcEur.denominator]).toEqual([25n, 27n]);
    expect(fiatToBaseUnits({ fiatAmount: 2500n, fiatDecimals: 2, rate: usdcEur, assetDecimals: 6 })).toBe(27_000_000n);
    expect(fiatToBaseUnits({ fiatAmount: 1000n, fiatDecimals: 2, rate: usdcEur, assetDecimals: 6 })).toBe(10_800_000n);
    expect(formatRate(usdcEur)).toBe("0.925925925925925925");
  });
});

describe("displayed rates", () => {
  it("are exact for feed answers and pegs, with at least two decimals", () => {
    expect(formatRate(ethUsd)).toBe("3000.00");
    expect(formatRate(rate("ETH", "USD", 3000_12345678n, 10n ** 8n))).toBe("3000.12345678");
    expect(formatRate(usdcUsd)).toBe("1.00");
  });
});
