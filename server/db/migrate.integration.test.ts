// Migrations through the WebAssembly schema engine against a real embedded PostgreSQL of this file's own.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../../scripts/lib/postgres";
import { getFreePort } from "../../scripts/lib/ports";
import { PrismaClient } from "../generated/prisma/client";
import { applyMigrations, diffSchemaToMigrations } from "./migrate";

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

    const folders = (await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
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
    const shadows = await query(server!.url, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow%'");
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
