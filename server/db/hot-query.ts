import type pg from "pg";
import { db as rootDb, type DbClient } from "../db";
import { env } from "../env";
import { createPgPool } from "./pg-pool";

/** A statement of the request path, with a name of its own: one name, one text, for the life of the process. */
export interface HotStatement {
  name: string;
  text: string;
}

const globalForHot = globalThis as unknown as { payrailHotPool?: pg.Pool };

function hotPool(): pg.Pool {
  return (globalForHot.payrailHotPool ??= createPgPool(env().DATABASE_URL, { max: 10 }));
}

/**
 * Run one of the request path's statements (invoice creation, the invoice and hosted-page reads). On the root
 * client it runs as a named prepared statement on a plain node-postgres pool: PostgreSQL parses it once per
 * connection and soon reuses its plan, where through Prisma every call was parsed and planned again. Planning
 * took as long as executing these statements (pg_stat_statements under bench:api), and Prisma's own work per
 * query about as long again in the web process. Inside a caller's transaction it runs there, through Prisma, as
 * part of it. So a statement must give the same answer both ways: cast what it returns to text, integers or JSON
 * (node-postgres reads `bigint` and `numeric` as strings, Prisma as bigint and Decimal). And name what it
 * returns (never `*`): PostgreSQL refuses a prepared statement whose result columns a migration changed, until
 * the connection is new (docs/operations.md: restart after migrating).
 */
export async function hotQuery<T>(db: DbClient, statement: HotStatement, values: unknown[]): Promise<T[]> {
  if (isRootClient(db))
    return (await hotPool().query({ name: statement.name, text: statement.text, values })).rows as T[];
  return db.$queryRawUnsafe<T[]>(statement.text, ...values);
}

/**
 * Whether `db` is the process's root client, each statement its own transaction; otherwise it is a caller's
 * transaction, where a failed statement aborts everything after it, so nothing may be tried and retried there.
 */
export function isRootClient(db: DbClient): boolean {
  return db === rootDb();
}

/** PostgreSQL's error code of a failed statement, whichever way it ran (node-postgres or Prisma's driver adapter). */
export function postgresErrorOf(error: unknown): { code?: string; message?: string } {
  const viaPrisma = (
    error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } } }
  )?.meta?.driverAdapterError?.cause;
  if (viaPrisma) return { code: viaPrisma.originalCode, message: viaPrisma.originalMessage };
  const direct = error as { code?: unknown; message?: unknown };
  return {
    code: typeof direct?.code === "string" ? direct.code : undefined,
    message: typeof direct?.message === "string" ? direct.message : undefined,
  };
}
