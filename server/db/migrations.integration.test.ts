// Migrations against a real embedded PostgreSQL of this file's own: applied with plain SQL, checked against
// what Prisma's schema engine (the code behind `prisma migrate deploy`) writes and accepts.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../../scripts/lib/postgres";
import { getFreePort } from "../../scripts/lib/ports";
import { PrismaClient } from "../generated/prisma/client";
import { applyMigrations } from "./apply-migrations";
import { applyMigrationsWithEngine, diffSchemaToMigrations } from "./create-migration";

const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));

let server: EmbeddedPostgresHandle | undefined;
let tmp: string;

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A new empty database on the test server. */
async function createDatabase(name: string): Promise<string> {
  await query(server!.url, `CREATE DATABASE "${name}"`);
  const url = new URL(server!.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The repository's migration folders, sorted. */
async function migrationFolders(): Promise<string[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** A migrations directory of this test's own with the given (empty) folders and the lockfile. */
async function migrationsCopy(name: string, folders: string[]): Promise<string> {
  const dir = path.join(tmp, name);
  for (const folder of folders) await fs.mkdir(path.join(dir, folder), { recursive: true });
  await fs.copyFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(dir, "migration_lock.toml"));
  return dir;
}

/** A table's columns (type, nullability, default) and constraints, to compare two databases. */
async function tableShape(url: string, table: string): Promise<unknown> {
  const columns = await query(
    url,
    `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = '${table}' ORDER BY ordinal_position`,
  );
  const constraints = await query(
    url,
    `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'public.${table}'::regclass ORDER BY conname`,
  );
  return { columns, constraints };
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "payrail-migrate-"));
  await fs.chmod(tmp, 0o755); // PostgreSQL runs as the postgres user when we are root
  server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), port: await getFreePort(), silent: true });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("applyMigrations", () => {
  it("applies the migration folders once, recorded as prisma migrate deploy records them", async () => {
    const url = server!.url;
    const init = (await fs.readdir(MIGRATIONS_DIR)).find((name) => name.endsWith("_init"));
    expect(init).toBeDefined();

    const first = await applyMigrations(url);
    expect(first.applied).toContain(init);

    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["invoices", "payments", "events", "webhook_deliveries"]),
    );

    const folders = (await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(first.applied).toEqual(folders);
    const history = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      url,
      "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(history.map((row) => row.migration_name)).toEqual(folders);
    for (const [i, folder] of folders.entries()) {
      const sql = await fs.readFile(path.join(MIGRATIONS_DIR, folder, "migration.sql"));
      expect(history[i]!.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(history[i]!.finished_at).toBeInstanceOf(Date);
    }

    expect(await applyMigrations(url)).toEqual({ applied: [] });
  });

  it("finds nothing between the migrations and the schema, and drops its shadow database", async () => {
    expect(await diffSchemaToMigrations(server!.url)).toBe("");
    const shadows = await query(
      server!.url,
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow%'",
    );
    expect(shadows).toEqual([]);
  });

  it("runs a script whole: semicolons in bodies survive, a failure applies none of it", async () => {
    const dir = path.join(tmp, "migrations");
    const write = async (name: string, sql: string): Promise<void> => {
      await fs.mkdir(path.join(dir, name), { recursive: true });
      await fs.writeFile(path.join(dir, name, "migration.sql"), sql);
    };
    await fs.mkdir(dir, { recursive: true });
    await fs.copyFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(dir, "migration_lock.toml"));
    await write(
      "20000101000000_bodies",
      `CREATE TABLE notes (body TEXT NOT NULL DEFAULT 'a;b');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.body := NEW.body || ';'; RETURN NEW; END; $$;
`,
    );
    const url = await createDatabase("scripts");
    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual(["20000101000000_bodies"]);

    await write("20000102000000_broken", "CREATE TABLE half (id INT);\nSELECT no_such_function();\n");
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/no_such_function/);
    const half = await query(url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'half'");
    expect(half).toEqual([]);
    const recorded = await query<{ migration_name: string }>(url, "SELECT migration_name FROM _prisma_migrations");
    expect(recorded).toEqual([{ migration_name: "20000101000000_bodies" }]);
  });

  it("refuses an applied migration whose file changed, but not one whose line endings did", async () => {
    const dir = await migrationsCopy("changed", ["20000101000000_notes"]);
    const file = path.join(dir, "20000101000000_notes", "migration.sql");
    await fs.writeFile(file, "CREATE TABLE notes (body TEXT);\nCREATE INDEX notes_body ON notes (body);\n");
    const url = await createDatabase("changed");
    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual(["20000101000000_notes"]);

    await fs.writeFile(file, "CREATE TABLE notes (body TEXT);\r\nCREATE INDEX notes_body ON notes (body);\r\n");
    expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: [] });

    await fs.writeFile(file, "CREATE TABLE notes (body TEXT NOT NULL);\nCREATE INDEX notes_body ON notes (body);\n");
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      "Migration 20000101000000_notes was modified after it was applied",
    );
  });

  it("refuses to go on after a failed migration Prisma recorded and nobody resolved", async () => {
    const url = await createDatabase("failed");
    await applyMigrations(url);
    await query(
      url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ('${randomUUID()}', '${"0".repeat(64)}', '20990101000000_half_done', 'boom')`,
    );
    await expect(applyMigrations(url)).rejects.toThrow(
      "Migration(s) 20990101000000_half_done failed earlier and were never resolved",
    );
  });

  it("applies each migration once when several processes start at the same time", async () => {
    const url = await createDatabase("concurrent");
    const runs = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
    const folders = await migrationFolders();
    expect(runs.flatMap((run) => run.applied).sort()).toEqual(folders);
    expect(runs.filter((run) => run.applied.length > 0)).toHaveLength(1);
    const history = await query<{ migration_name: string }>(
      url,
      "SELECT migration_name FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(history.map((row) => row.migration_name)).toEqual(folders);
  });

  it("migrates a database whose auth_rate_limits table rate-limiter-flexible created at runtime", async () => {
    const url = await createDatabase("runtime_rate_limits");
    const pool = new pg.Pool({ connectionString: url });
    try {
      // What the limiter did on first use before the table had a migration.
      await new Promise<void>((resolve, reject) => {
        new RateLimiterPostgres(
          {
            storeClient: pool,
            storeType: "pool",
            tableName: "auth_rate_limits",
            points: 1,
            duration: 60,
            clearExpiredByTimeout: false,
          },
          (error?: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
        );
      });
    } finally {
      await pool.end();
    }
    expect((await applyMigrations(url)).applied).toEqual(await migrationFolders());
    expect(await tableShape(url, "auth_rate_limits")).toEqual(await tableShape(server!.url, "auth_rate_limits"));
  });
});

describe("applyMigrations and Prisma's schema engine", () => {
  it("a database the engine migrated is up to date for applyMigrations, with the same history table", async () => {
    const url = await createDatabase("by_engine");
    const folders = await migrationFolders();
    expect((await applyMigrationsWithEngine(url)).applied).toEqual(folders);
    expect(await applyMigrations(url)).toEqual({ applied: [] });
    expect(await tableShape(url, "_prisma_migrations")).toEqual(await tableShape(server!.url, "_prisma_migrations"));
    const rows = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      logs: string | null;
    }>(
      url,
      "SELECT migration_name, checksum, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name",
    );
    const ours = await query(
      server!.url,
      "SELECT migration_name, checksum, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows).toEqual(ours);
  });

  it("a database applyMigrations migrated is up to date for the engine", async () => {
    const url = await createDatabase("by_us");
    await applyMigrations(url);
    expect(await applyMigrationsWithEngine(url)).toEqual({ applied: [] });
  });
});

describe("the migrated schema", () => {
  it("rejects a second payment for the same (network, tx, log index) with P2002", async () => {
    await applyMigrations(server!.url); // a no-op after the tests above, but keeps this one standalone
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: server!.url }) });
    try {
      await db.merchant.create({ data: { id: "mer_1", slug: "acme", name: "Acme", hdAccountIndex: 0 } });
      await db.invoice.create({
        data: {
          id: "inv_1",
          merchantId: "mer_1",
          livemode: false,
          amount: "1000",
          currency: "USD",
          currencyDecimals: 2,
          expiresAt: new Date(Date.now() + 3_600_000),
        },
      });
      const payment = (id: string) => ({
        id,
        invoiceId: "inv_1",
        networkId: "devnet",
        asset: "USDC",
        decimals: 6,
        txHash: `0x${"ab".repeat(32)}`,
        logIndex: 3,
        fromAddress: `0x${"01".repeat(20)}`,
        toAddress: `0x${"02".repeat(20)}`,
        amount: "10000000",
        blockNumber: 12n,
        blockHash: `0x${"cd".repeat(32)}`,
      });
      await db.payment.create({ data: payment("pay_1") });
      await expect(db.payment.create({ data: payment("pay_2") })).rejects.toMatchObject({ code: "P2002" });
    } finally {
      await db.$disconnect();
    }
  });
});
