import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

declare const txBrand: unique symbol;

/**
 * An interactive transaction, produced only by `inTransaction`. Functions that lock rows, or write
 * several rows that must commit together, take a `Tx`: passing the root client does not compile.
 */
export type Tx = Prisma.TransactionClient & { readonly [txBrand]: true };

/**
 * The root client or a transaction: what a function takes when it only reads, or writes one row,
 * and so is right either way.
 */
export type DbClient = Prisma.TransactionClient;

/** Options of an interactive transaction (Prisma's: isolation level, and how long to wait for and hold it). */
export interface TransactionOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /** Milliseconds to wait for a connection to start the transaction. */
  maxWait?: number;
  /** Milliseconds the transaction may run before it is rolled back. */
  timeout?: number;
}

/**
 * Run `fn` in one interactive transaction of `db`: everything it writes commits when it returns and
 * rolls back when it throws (the error is rethrown). The one place a `Tx` comes from.
 */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return db.$transaction((tx) => fn(tx as Tx), options);
}

const OVERLAPPING_QUERY_WARNING = "Calling client.query() when the client is already executing a query";

/**
 * Without the relationJoins preview (prisma/schema.prisma says why), Prisma loads a read's relations with separate
 * queries, and inside an interactive transaction it sends them on the transaction's one connection without waiting
 * for each other. node-postgres queues them and answers each in order, which is correct, but since 8.19 it prints a
 * deprecation warning for every such read (into CLI output and logs). Only that warning is dropped; every other one
 * is printed as before.
 */
function dropOverlappingQueryWarning(): void {
  const marked = process as unknown as { payrailWarningFilter?: boolean };
  if (marked.payrailWarningFilter) return;
  marked.payrailWarningFilter = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning instanceof Error ? warning.message : "";
    if (text.startsWith(OVERLAPPING_QUERY_WARNING)) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

/** A new Prisma client over node-postgres for the given connection string. */
export function createDb(connectionString: string): Db {
  dropOverlappingQueryWarning();
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

const globalForDb = globalThis as unknown as { payrailDb?: Db };

/** The process-wide client (one pool per process, reused across Next.js hot reloads). */
export function db(): Db {
  globalForDb.payrailDb ??= createDb(env().DATABASE_URL);
  return globalForDb.payrailDb;
}
