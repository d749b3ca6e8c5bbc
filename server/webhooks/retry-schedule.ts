import { env } from "../env";

/** Delays in seconds before the 2nd, 3rd... attempt (docs/webhooks.md): immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE_S = [5, 300, 1800, 7200, 18000, 36000, 36000] as const;

/** The configured schedule (tests shorten it through WEBHOOK_RETRY_SCHEDULE). */
export function retrySchedule(): readonly number[] {
  const configured = env().WEBHOOK_RETRY_SCHEDULE;
  return configured ? configured.split(",").map(Number) : DEFAULT_RETRY_SCHEDULE_S;
}

/** When to try again after `attemptsMade` failed attempts, with ±10% jitter; null when attempts are exhausted. */
export function nextAttemptAt(attemptsMade: number, now: Date, random: () => number = Math.random): Date | null {
  const delay = retrySchedule()[attemptsMade - 1];
  if (delay === undefined) return null;
  const jitter = 1 + (random() * 0.2 - 0.1);
  return new Date(now.getTime() + Math.round(delay * 1000 * jitter));
}
