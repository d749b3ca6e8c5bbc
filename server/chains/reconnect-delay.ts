/** How long to wait before reconnecting a head subscription. */
export interface ReconnectBackoff {
  /** Delay before the first reconnection attempt. */
  baseMs: number;
  /** Longest delay: the doubling stops here. */
  maxMs: number;
}

export const DEFAULT_RECONNECT_BACKOFF: ReconnectBackoff = { baseMs: 500, maxMs: 30_000 };

/**
 * Milliseconds before reconnection attempt `attempt` (1 for the first after a failure): `baseMs`
 * doubled for each earlier attempt, capped at `maxMs`. Deterministic (no jitter): one socket per
 * network per worker, and polling carries detection meanwhile, so there is no herd to spread.
 */
export function reconnectDelayMs(attempt: number, backoff: ReconnectBackoff = DEFAULT_RECONNECT_BACKOFF): number {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`reconnect attempt must be a positive integer, got ${attempt}`);
  // 2 ** 31 already exceeds any sensible cap; stopping there keeps the number finite.
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt - 1, 31));
}
