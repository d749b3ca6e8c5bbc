import pg from "pg";
import { env } from "../env";
import { logger } from "../logger";

/**
 * Plain node-postgres pools, for what Prisma cannot do: reading large results page by page into a
 * stream (exports). Prisma keeps its own pool (server/db.ts).
 *
 * Prisma stores `DateTime` as `timestamp(3)` without time zone, in UTC; node-postgres would read such a
 * value as local time, so these pools parse it as UTC. `numeric` and `bigint` stay strings (money is
 * converted with server/money.ts, never through a float).
 */
const TIMESTAMP_OID = 1114;

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID && format !== "binary") return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A new pool for `connectionString` whose timestamps are read as UTC. `asynchronousCommit` is for counters whose
 * last fraction of a second may be lost in a crash (rate limits): their commits do not wait for the WAL to reach
 * the disk, so a row every request updates is locked for microseconds instead of a disk flush. Never for money.
 */
export function createPgPool(
  connectionString: string,
  opts: { max?: number; asynchronousCommit?: boolean } = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    types,
    max: opts.max ?? 5,
    ...(opts.asynchronousCommit ? { options: "-c synchronous_commit=off" } : {}),
  });
  // An idle client whose connection PostgreSQL ends (a restart, a failover, an administrator) makes the pool emit
  // "error"; without a listener Node ends the whole process. The pool drops that client and opens a new one next time.
  pool.on("error", (error) => logger().warn({ err: error.message }, "idle PostgreSQL connection lost"));
  return pool;
}

const globalForPool = globalThis as unknown as { payrailPgPool?: pg.Pool };

/** The process-wide pool on DATABASE_URL (reused across Next.js hot reloads). */
export function pgPool(): pg.Pool {
  globalForPool.payrailPgPool ??= createPgPool(env().DATABASE_URL);
  return globalForPool.payrailPgPool;
}

export type PgQueryable = Pick<pg.Pool, "query">;
