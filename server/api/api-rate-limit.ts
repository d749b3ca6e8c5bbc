import type pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env";
import { createPgPool } from "../db/pg-pool";
import { AppError } from "../errors";

/**
 * Requests per API key, counted in PostgreSQL (the `api_rate_limits` table, made by a migration) so that
 * every app instance shares one budget and a restart does not reset it. A memory limiter stands in only
 * while the database store is failing. The budget is `API_RATE_LIMIT_PER_MINUTE` per key per minute.
 */
const WINDOW_S = 60;

const globalForLimits = globalThis as unknown as {
  payrailApiLimiters?: Map<number, RateLimiterPostgres>;
  payrailApiLimitPool?: pg.Pool;
};

function limiter(points: number): RateLimiterPostgres {
  const limiters = (globalForLimits.payrailApiLimiters ??= new Map());
  let found = limiters.get(points);
  if (!found) {
    // Every request of a key updates that key's one row: with synchronous commits, each waits for the previous
    // request's disk flush to release the row, which capped one key at a few hundred requests a second (bench:api).
    // A crash can lose the last fraction of a second of counts, which only lets a few more requests through.
    const pool = (globalForLimits.payrailApiLimitPool ??= createPgPool(env().DATABASE_URL, {
      max: 4,
      asynchronousCommit: true,
    }));
    const keyPrefix = "api_key";
    // With tableCreated the library creates nothing and answers synchronously from its constructor.
    found = new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: "api_rate_limits",
      tableCreated: true,
      keyPrefix,
      points,
      duration: WINDOW_S,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_S }),
    });
    limiters.set(points, found);
  }
  return found;
}

/**
 * Count one request of this API key; a spent budget is a 429 `rate_limited` AppError whose
 * `retryAfterS` (whole seconds, at least 1) becomes the `Retry-After` header.
 */
export async function consumeApiRequest(keyId: string): Promise<void> {
  try {
    await limiter(env().API_RATE_LIMIT_PER_MINUTE).consume(keyId);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    throw error;
  }
}

/** The 429 of a spent API budget, with the seconds until the next request is allowed. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterS: number) {
    super("rate_limited", `Too many requests with this API key. Retry after ${retryAfterS} seconds.`);
  }
}
