import type { DbClient } from "../../db";
import { IDEMPOTENCY_LOCK_SECONDS } from "./claim-idempotency-key";

/**
 * Extend the lock of a key this request still holds (`lockedUntil` as it was given or last renewed) to `now` +
 * lock time. Returns the new lock time, or null when the request no longer holds the key (its lock ran out and
 * a retry took it over, or it was finished).
 */
export async function renewIdempotencyLock(
  db: DbClient,
  opts: { id: string; lockedUntil: Date; now: Date; lockSeconds?: number },
): Promise<Date | null> {
  const lockedUntil = new Date(opts.now.getTime() + (opts.lockSeconds ?? IDEMPOTENCY_LOCK_SECONDS) * 1000);
  const renewed = await db.idempotencyKey.updateMany({
    where: { id: opts.id, responseStatus: null, lockedUntil: opts.lockedUntil },
    data: { lockedUntil },
  });
  return renewed.count === 1 ? lockedUntil : null;
}
