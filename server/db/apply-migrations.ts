// Applying migrations is plain SQL: each pending prisma/migrations/*/migration.sql runs in one transaction
// together with the `_prisma_migrations` row that `prisma migrate deploy` writes for it, so this and the
// Prisma CLI accept each other's databases. Only writing new migrations needs Prisma's schema engine
// (create-migration.ts). No "server-only" here: the CLI imports this file.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { listMigrationFolders, MIGRATIONS_DIR } from "./migration-folders";

/**
 * The session advisory lock Prisma's schema engine takes on PostgreSQL before migrating; taking the same
 * one serialises this applier with other instances of itself and with `prisma migrate deploy`.
 */
const PRISMA_MIGRATE_LOCK = 72707369;

/** The history table exactly as the schema engine creates it (types, defaults, primary key name). */
const CREATE_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/** Options of applyMigrations. */
export interface ApplyMigrationsOptions {
  /** Defaults to the repository's `prisma/migrations`. */
  migrationsDir?: string;
  /** Receives one line per migration applied. */
  log?: (line: string) => void;
}

/** Why the migrations could not be applied; nothing of the failing migration is left behind. */
export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MigrationError";
  }
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the migration folders not yet recorded in `_prisma_migrations`, in folder-name order, each in a
 * transaction with its history row (sha256 checksum of migration.sql, as Prisma computes it). Holds Prisma's
 * advisory lock throughout, so concurrent callers apply each migration once.
 * Throws MigrationError when an applied migration's file has changed since, when Prisma recorded a failed
 * migration that was never resolved, or when a migration fails (which is then rolled back whole).
 */
export async function applyMigrations(
  databaseUrl: string,
  opts: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const dir = opts.migrationsDir ?? MIGRATIONS_DIR;
  const migrations = await Promise.all(
    (await listMigrationFolders(dir)).map(async (name) => ({
      name,
      script: await fs.readFile(path.join(dir, name, "migration.sql"), "utf8").catch((error: Error) => {
        throw new MigrationError(`Migration ${name} has no readable migration.sql: ${error.message}`, { cause: error });
      }),
    })),
  );

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Released when the connection closes, whatever happens below.
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_HISTORY_TABLE);
    const history = (
      await client.query<HistoryRow>(
        "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at",
      )
    ).rows.filter((row) => row.rolled_back_at === null); // a rolled-back attempt counts as not applied, as in Prisma

    // Prisma records a migration that failed half-way and refuses to go on until someone resolves it (P3009).
    const failed = history.filter((row) => row.finished_at === null).map((row) => row.migration_name);
    if (failed.length > 0) {
      throw new MigrationError(
        `Migration(s) ${failed.join(", ")} failed earlier and were never resolved; ` +
          "see `prisma migrate resolve` before applying more.",
      );
    }

    const appliedChecksums = new Map(history.map((row) => [row.migration_name, row.checksum]));
    for (const migration of migrations) {
      const checksum = appliedChecksums.get(migration.name);
      if (checksum !== undefined && !scriptMatchesChecksum(migration.script, checksum)) {
        throw new MigrationError(
          `Migration ${migration.name} was modified after it was applied (its checksum differs from the one ` +
            "recorded in _prisma_migrations): restore the file and put the change in a new migration.",
        );
      }
    }

    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !appliedChecksums.has(m.name))) {
      await applyOne(client, migration.name, migration.script);
      applied.push(migration.name);
      opts.log?.(`Applied migration ${migration.name}`);
    }
    return { applied };
  } finally {
    await client.end();
  }
}

/** One migration and its history row, atomically. The script goes as one simple-protocol query, as Prisma sends it. */
async function applyOne(client: pg.Client, name: string, script: string): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, clock_timestamp(), $3)",
      [id, renderChecksum(script), name],
    );
    await client.query(script);
    await client.query(
      "UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1",
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const detail = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${name} failed and was rolled back: ${detail}`, { cause: error });
  }
}

/** Prisma's migration checksum: sha256 of the script's UTF-8 bytes, lowercase hex. */
export function renderChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/**
 * Whether a script matches a recorded checksum by Prisma's own rule: line endings do not matter (git may
 * convert them on checkout), and old engines wrote the hex without zero padding.
 */
function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const rendered =
      checksum.length === 64 || checksum.length === 0
        ? digest.toString("hex")
        : Array.from(digest, (byte) => byte.toString(16)).join("");
    return rendered === checksum;
  });
}
