import type pg from "pg";
import { apiKeyHash, parseApiKeyHeader, keyScopes, type ApiKeyAuth } from "../auth/api-keys";
import { createPgPool } from "../db/pg-pool";
import { env } from "../env";
import { AppError } from "../errors";

/**
 * Requests per API key, counted in PostgreSQL (the `api_rate_limits` table, one row per key: `api_key:{id}`,
 * the points spent in the current window and when it ends, in epoch milliseconds) so that every app instance
 * shares one budget and a restart does not reset it. The budget is `API_RATE_LIMIT_PER_MINUTE` per key per minute.
 */
const WINDOW_MS = 60_000;
/** How stale `api_keys.last_used_at` may be before a request writes it again: it is informational. */
const LAST_USED_EVERY_MS = 60_000;

const globalForLimits = globalThis as unknown as { payrailApiLimitPool?: pg.Pool };

// Every request of a key updates that key's one counter row: with synchronous commits, each would wait for the
// previous request's disk flush to release the row, which capped one key at a few hundred requests a second
// (bench:api). A crash can lose the last fraction of a second of counts, which only lets a few more requests
// through; the other write here, `last_used_at`, is informational. Never used for money.
function pool(): pg.Pool {
  return (globalForLimits.payrailApiLimitPool ??= createPgPool(env().DATABASE_URL, {
    max: 4,
    asynchronousCommit: true,
  }));
}

// The key (not revoked) by its hash; its last use stamped at most once a minute; one point counted in its window
// (a window that has ended starts again at 1). One statement, one round trip, for every API request. A key that
// does not exist or is revoked returns no row and counts nothing.
const SQL = `
WITH k AS (
  SELECT id, merchant_id, livemode, restricted, scopes, last_used_at FROM api_keys WHERE hash = $1 AND revoked_at IS NULL
), used AS (
  UPDATE api_keys SET last_used_at = $2::timestamp, updated_at = $2::timestamp
   WHERE id = (SELECT id FROM k WHERE last_used_at IS NULL OR last_used_at < $3::timestamp)
), counted AS (
  INSERT INTO api_rate_limits AS r (key, points, expire) SELECT 'api_key:' || k.id, 1, $4::bigint + ${WINDOW_MS} FROM k
  ON CONFLICT (key) DO UPDATE
     SET points = CASE WHEN r.expire IS NULL OR r.expire <= $4::bigint THEN 1 ELSE r.points + 1 END,
         expire = CASE WHEN r.expire IS NULL OR r.expire <= $4::bigint THEN $4::bigint + ${WINDOW_MS} ELSE r.expire END
  RETURNING points, expire
)
SELECT k.id, k.merchant_id, k.livemode, k.restricted, k.scopes, c.points, c.expire::text AS expire FROM k, counted c`;

interface Row {
  id: string;
  merchant_id: string;
  livemode: boolean;
  restricted: boolean;
  scopes: string[];
  points: number;
  expire: string;
}

/**
 * Authenticate the `Authorization: Bearer sk_…/rk_…` header of an API request and count the request against
 * its key's budget, in one statement. A missing, malformed, unknown or revoked key is a 401 (the error never
 * repeats the key, and counts nothing); a key that has spent its minute a 429 `rate_limited` whose
 * `retryAfterS` (whole seconds, at least 1) becomes the `Retry-After` header.
 */
export async function authenticateApiRequest(authorization: string | null, now = Date.now()): Promise<ApiKeyAuth> {
  const key = parseApiKeyHeader(authorization);
  // A named statement: parsed once per connection, its plan soon reused (planning cost more than running it).
  const { rows } = await pool().query<Row>({
    name: "payrail_authenticate_api_request",
    text: SQL,
    values: [
      apiKeyHash(key),
      new Date(now).toISOString(),
      new Date(now - LAST_USED_EVERY_MS).toISOString(),
      String(now),
    ],
  });
  const row = rows[0];
  if (!row) throw new AppError("unauthenticated", "Invalid API key.");
  if (row.points > env().API_RATE_LIMIT_PER_MINUTE) {
    throw new RateLimitedError(Math.max(1, Math.ceil((Number(row.expire) - now) / 1000)));
  }
  return {
    keyId: row.id,
    merchantId: row.merchant_id,
    livemode: row.livemode,
    scopes: keyScopes(row.restricted, row.scopes),
  };
}

/** The 429 of a spent API budget, with the seconds until the next request is allowed. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterS: number) {
    super("rate_limited", `Too many requests with this API key. Retry after ${retryAfterS} seconds.`);
  }
}
