/** The unit of a schedule's interval. */
export type ScheduleInterval = "day" | "week" | "month" | "year";

/** What the dates of a schedule's periods follow from. */
export interface ScheduleCadence {
  /** The anchor: period 1 is due at `startAt`; its time of day and day of month (UTC) carry over. */
  startAt: Date;
  interval: ScheduleInterval;
  /** Intervals per period, at least 1. */
  intervalCount: number;
}

const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `anchor` moved by `months` calendar months (UTC), its day clamped to the target month's last day. */
function addMonthsClamped(anchor: Date, months: number): Date {
  const total = anchor.getUTCFullYear() * 12 + anchor.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, month));
  const d = new Date(anchor.getTime());
  d.setUTCFullYear(year, month, day);
  return d;
}

/**
 * When period `period` (1, 2, ...) of a schedule is due, in UTC. Days and weeks are exact multiples of
 * 24 hours; months and years count from the anchor every time (never from the previous period), with the
 * anchor's day clamped to shorter months: a schedule started on January 31 runs on February 28 (29 in a
 * leap year), March 31, April 30. A year is 12 months (February 29 → February 28 in common years).
 */
export function periodDueAt(cadence: ScheduleCadence, period: number): Date {
  if (!Number.isSafeInteger(period) || period < 1) throw new RangeError(`period must be a positive integer: ${period}`);
  const steps = (period - 1) * cadence.intervalCount;
  switch (cadence.interval) {
    case "day":
      return new Date(cadence.startAt.getTime() + steps * DAY_MS);
    case "week":
      return new Date(cadence.startAt.getTime() + steps * 7 * DAY_MS);
    case "month":
      return addMonthsClamped(cadence.startAt, steps);
    case "year":
      return addMonthsClamped(cadence.startAt, steps * 12);
  }
}

/** Approximate milliseconds per period, only to guess where to start looking (latestDuePeriod corrects it). */
function approxPeriodMs(cadence: ScheduleCadence): number {
  const unit = { day: DAY_MS, week: 7 * DAY_MS, month: 28 * DAY_MS, year: 365 * DAY_MS }[cadence.interval];
  return unit * cadence.intervalCount;
}

/**
 * The latest period due at `now` (its due time at or before `now`), or 0 when not even period 1 is.
 * Periods only move forward in time, so this is the one to create after downtime; those before it were missed.
 */
export function latestDuePeriod(cadence: ScheduleCadence, now: Date): number {
  if (now.getTime() < cadence.startAt.getTime()) return 0;
  // A guess from the average length, then exact steps: months vary by a few days, so it is off by at most a few.
  let period = Math.max(1, Math.floor((now.getTime() - cadence.startAt.getTime()) / approxPeriodMs(cadence)) + 1);
  while (period > 1 && periodDueAt(cadence, period).getTime() > now.getTime()) period--;
  while (periodDueAt(cadence, period + 1).getTime() <= now.getTime()) period++;
  return period;
}

/** The first period due at or after `at` (at least `from`): where a resumed schedule continues. */
export function firstPeriodFrom(cadence: ScheduleCadence, at: Date, from: number): number {
  const latest = latestDuePeriod(cadence, at);
  const first = latest > 0 && periodDueAt(cadence, latest).getTime() === at.getTime() ? latest : latest + 1;
  return Math.max(from, first);
}
