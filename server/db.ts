import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;
/** A client or an interactive transaction: what domain functions take as their first argument. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** A new Prisma client over node-postgres for the given connection string. */
export function createDb(connectionString: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

const globalForDb = globalThis as unknown as { payrailDb?: Db };

/** The process-wide client (one pool per process, reused across Next.js hot reloads). */
export function db(): Db {
  globalForDb.payrailDb ??= createDb(env().DATABASE_URL);
  return globalForDb.payrailDb;
}
