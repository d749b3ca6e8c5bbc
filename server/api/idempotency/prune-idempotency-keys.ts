import type { DbClient } from "../../db";

/** Keys are kept at least this long (docs/api.md: 24 hours). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Delete idempotency keys created more than 24 hours before `now`; for the tick. Returns how many went. */
export async function pruneIdempotencyKeys(db: DbClient, opts: { now: Date }): Promise<number> {
  const cutoff = new Date(opts.now.getTime() - IDEMPOTENCY_RETENTION_MS);
  const { count } = await db.idempotencyKey.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return count;
}
