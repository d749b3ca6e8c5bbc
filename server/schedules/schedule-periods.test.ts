import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstPeriodFrom, latestDuePeriod, periodDueAt, type ScheduleCadence } from "./schedule-periods";

const at = (s: string) => new Date(s);
const dueDates = (cadence: ScheduleCadence, n: number) =>
  Array.from({ length: n }, (_, i) => periodDueAt(cadence, i + 1).toISOString());

describe("period dates", () => {
  it("a monthly schedule started on January 31 runs on the last day of shorter months and the 31st of long ones", () => {
    const cadence: ScheduleCadence = { startAt: at("2027-01-31T09:30:00.000Z"), interval: "month", intervalCount: 1 };
    expect(dueDates(cadence, 6)).toEqual([
      "2027-01-31T09:30:00.000Z",
      "2027-02-28T09:30:00.000Z",
      "2027-03-31T09:30:00.000Z",
      "2027-04-30T09:30:00.000Z",
      "2027-05-31T09:30:00.000Z",
      "2027-06-30T09:30:00.000Z",
    ]);
  });

  it("February 29 in a leap year", () => {
    const cadence: ScheduleCadence = { startAt: at("2028-01-31T00:00:00.000Z"), interval: "month", intervalCount: 1 };
    expect(dueDates(cadence, 3)).toEqual([
      "2028-01-31T00:00:00.000Z",
      "2028-02-29T00:00:00.000Z",
      "2028-03-31T00:00:00.000Z",
    ]);
  });

  it("a quarterly schedule from November 30 crosses the year and keeps the 30th", () => {
    const cadence: ScheduleCadence = { startAt: at("2026-11-30T12:00:00.000Z"), interval: "month", intervalCount: 3 };
    expect(dueDates(cadence, 4)).toEqual([
      "2026-11-30T12:00:00.000Z",
      "2027-02-28T12:00:00.000Z",
      "2027-05-30T12:00:00.000Z",
      "2027-08-30T12:00:00.000Z",
    ]);
  });

  it("a yearly schedule from February 29 runs on February 28 in common years and the 29th in leap years", () => {
    const cadence: ScheduleCadence = { startAt: at("2028-02-29T08:00:00.000Z"), interval: "year", intervalCount: 1 };
    expect(dueDates(cadence, 5)).toEqual([
      "2028-02-29T08:00:00.000Z",
      "2029-02-28T08:00:00.000Z",
      "2030-02-28T08:00:00.000Z",
      "2031-02-28T08:00:00.000Z",
      "2032-02-29T08:00:00.000Z",
    ]);
  });

  it("days and weeks are exact multiples of 24 hours in UTC", () => {
    expect(dueDates({ startAt: at("2026-03-28T23:00:00.000Z"), interval: "day", intervalCount: 2 }, 3)).toEqual([
      "2026-03-28T23:00:00.000Z",
      "2026-03-30T23:00:00.000Z",
      "2026-04-01T23:00:00.000Z",
    ]);
    expect(dueDates({ startAt: at("2026-12-28T00:00:00.000Z"), interval: "week", intervalCount: 1 }, 2)).toEqual([
      "2026-12-28T00:00:00.000Z",
      "2027-01-04T00:00:00.000Z",
    ]);
  });

  it("the latest due period: none before the start, the exact boundary counts", () => {
    const cadence: ScheduleCadence = { startAt: at("2027-01-31T00:00:00.000Z"), interval: "month", intervalCount: 1 };
    expect(latestDuePeriod(cadence, at("2027-01-30T23:59:59.999Z"))).toBe(0);
    expect(latestDuePeriod(cadence, at("2027-01-31T00:00:00.000Z"))).toBe(1);
    expect(latestDuePeriod(cadence, at("2027-02-27T23:59:59.999Z"))).toBe(1);
    expect(latestDuePeriod(cadence, at("2027-02-28T00:00:00.000Z"))).toBe(2);
    expect(latestDuePeriod(cadence, at("2027-07-15T00:00:00.000Z"))).toBe(6);
  });

  it("a resumed schedule continues with the first period due at or after the resume", () => {
    const cadence: ScheduleCadence = { startAt: at("2027-01-01T00:00:00.000Z"), interval: "day", intervalCount: 1 };
    expect(firstPeriodFrom(cadence, at("2027-01-05T00:00:00.000Z"), 2)).toBe(5);
    expect(firstPeriodFrom(cadence, at("2027-01-05T00:00:00.001Z"), 2)).toBe(6);
    expect(firstPeriodFrom(cadence, at("2026-12-01T00:00:00.000Z"), 1)).toBe(1);
    expect(firstPeriodFrom(cadence, at("2027-01-05T00:00:00.000Z"), 9)).toBe(9);
  });
});

const cadenceArb = fc.record({
  startAt: fc.date({ min: at("2000-01-01T00:00:00.000Z"), max: at("2090-12-31T00:00:00.000Z"), noInvalidDate: true }),
  interval: fc.constantFrom("day", "week", "month", "year" as const),
  intervalCount: fc.integer({ min: 1, max: 365 }),
}) as fc.Arbitrary<ScheduleCadence>;

describe("period dates, for any cadence", () => {
  it("are strictly increasing, keep the time of day, and month periods keep the anchor's day unless the month is shorter", () => {
    fc.assert(
      fc.property(cadenceArb, fc.integer({ min: 1, max: 40 }), (cadence, n) => {
        const a = periodDueAt(cadence, n);
        const b = periodDueAt(cadence, n + 1);
        expect(b.getTime()).toBeGreaterThan(a.getTime());
        expect(b.getUTCHours() * 3_600_000 + (b.getTime() % 3_600_000)).toBe(
          cadence.startAt.getUTCHours() * 3_600_000 + (cadence.startAt.getTime() % 3_600_000),
        );
        if (cadence.interval === "month" || cadence.interval === "year") {
          const lastDay = new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + 1, 0)).getUTCDate();
          expect(b.getUTCDate()).toBe(Math.min(cadence.startAt.getUTCDate(), lastDay));
        }
      }),
    );
  });

  it("latestDuePeriod is the one period whose due time is at or before now and whose next one is after", () => {
    fc.assert(
      fc.property(cadenceArb, fc.integer({ min: 0, max: 30 * 365 * 86_400_000 }), (cadence, offset) => {
        const now = new Date(cadence.startAt.getTime() + offset);
        const p = latestDuePeriod(cadence, now);
        expect(p).toBeGreaterThanOrEqual(1);
        expect(periodDueAt(cadence, p).getTime()).toBeLessThanOrEqual(now.getTime());
        expect(periodDueAt(cadence, p + 1).getTime()).toBeGreaterThan(now.getTime());
      }),
    );
  });
});
