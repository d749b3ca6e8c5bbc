// Writing migrations through the WebAssembly build of Prisma's schema engine, since the binary engine the
// Prisma CLI spawns cannot be downloaded everywhere: it diffs the migration folders (replayed in a shadow
// database) against prisma/schema.prisma. Applying them needs no engine (apply-migrations.ts).
// No "server-only" here: the CLI imports this file.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type {
  MigrationList,
  SchemaEngine,
  SchemaFilter,
  SchemasContainer,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { listMigrationFolders, LOCKFILE, LOCKFILE_CONTENT, MIGRATIONS_DIR } from "./migration-folders";

const SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Options of the functions that run the schema engine. */
export interface MigrateOptions {
  /** Defaults to the repository's `prisma/migrations`. */
  migrationsDir?: string;
  /** Receives the engine's log lines (JSON). */
  log?: (line: string) => void;
}

/**
 * The schema engine's own apply, what `prisma migrate deploy` runs. The gateway applies migrations with
 * applyMigrations (apply-migrations.ts); this stays so tests can check the two agree on a database.
 */
export async function applyMigrationsWithEngine(
  databaseUrl: string,
  opts: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  const migrationsList = await readMigrations(opts.migrationsDir ?? MIGRATIONS_DIR);
  return withEngine(databaseUrl, opts, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return { applied: output.appliedMigrationNames };
  });
}

/** The SQL taking the migrations to `prisma/schema.prisma`; "" when they already match. Uses a temporary shadow database. */
export async function diffSchemaToMigrations(databaseUrl: string, opts: MigrateOptions = {}): Promise<string> {
  const migrationsList = await readMigrations(opts.migrationsDir ?? MIGRATIONS_DIR);
  const schema = await readSchema();
  return withEngine(databaseUrl, opts, async (engine) => {
    const result = await engine.diff({
      // The engine names the connector from the lockfile, which does not exist before the first
      // migration; diffing from "empty" instead would add a CREATE SCHEMA that migrate dev leaves out.
      from: { tag: "migrations", ...migrationsList, lockfile: { path: LOCKFILE, content: LOCKFILE_CONTENT } },
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      // Exit code 2 tells a non-empty diff from the comment the engine writes for an empty one.
      exitCode: true,
      filters: NO_FILTER,
    });
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  });
}

/**
 * Writes `<YYYYMMDDHHMMSS>_<name>/migration.sql` taking the migrations to `prisma/schema.prisma`, as
 * `prisma migrate dev --create-only` would; returns its folder name, or null when nothing changed.
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  opts: MigrateOptions = {},
): Promise<string | null> {
  // The engine's own createMigration cannot reach a shadow database in its WebAssembly build
  // ("PostgreSQL shadow DB must be provided through an external factory"); its diff can.
  const folderName = `${timestamp(new Date())}_${slug(name)}`;
  const script = await diffSchemaToMigrations(databaseUrl, opts);
  if (!script) return null;
  const dir = opts.migrationsDir ?? MIGRATIONS_DIR;
  await fs.mkdir(path.join(dir, folderName), { recursive: true });
  await fs.writeFile(path.join(dir, folderName, "migration.sql"), script, { flag: "wx" });
  await fs.writeFile(path.join(dir, LOCKFILE), LOCKFILE_CONTENT, { flag: "wx" }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  });
  return folderName;
}

/** The migration folders as the Prisma CLI reads them: every subdirectory, by name, with its migration.sql. */
async function readMigrations(dir: string): Promise<MigrationList> {
  const lockContent = await fs.readFile(path.join(dir, LOCKFILE), "utf8").catch(() => null);
  const folders = await listMigrationFolders(dir);
  const migrationDirectories = await Promise.all(
    folders.map(async (folder) => {
      const content = await fs
        .readFile(path.join(dir, folder, "migration.sql"), "utf8")
        .then((value) => ({ tag: "ok" as const, value }))
        .catch((error: Error) => ({ tag: "error" as const, value: error.message }));
      return { path: folder, migrationFile: { path: "migration.sql", content } };
    }),
  );
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

async function readSchema(): Promise<SchemasContainer> {
  return { files: [{ path: SCHEMA_PATH, content: await fs.readFile(SCHEMA_PATH, "utf8") }] };
}

/** UTC YYYYMMDDHHMMSS, the prefix the CLI gives migration folders. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

/** Migration names as the CLI makes them: lowercase words joined by underscores. */
function slug(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!cleaned) throw new Error(`invalid migration name: ${JSON.stringify(name)}`);
  return cleaned.slice(0, 200);
}

let engineLoaded: Promise<void> | undefined;
// The engine reports a Rust panic here just before trapping; the trap itself surfaces as an
// uncaught "RuntimeError: unreachable" that says nothing, so say why first.
const panicRegistry = {
  set_message(message: string): void {
    process.stderr.write(`Prisma schema engine panicked: ${message}\n`);
  },
};

/**
 * Instantiates the engine's WebAssembly. The package's entry point imports the .wasm file as an ES
 * module, which Node only allows behind --experimental-wasm-modules; doing by hand what that entry
 * point does (compile, hand the exports to the JS bindings, start) needs no flag.
 */
function loadSchemaEngine(): Promise<void> {
  engineLoaded ??= (async () => {
    Object.assign(globalThis, { PRISMA_WASM_PANIC_REGISTRY: panicRegistry });
    const bindingsFile = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await fs.readFile(path.join(path.dirname(bindingsFile), "schema_engine_bg.wasm"));
    // The module's only import namespace is its JS bindings file.
    const imports = { "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports };
    const { instance } = await WebAssembly.instantiate(bytes, imports);
    engineBindings.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === "function") start();
  })();
  return engineLoaded;
}

async function withEngine<T>(
  databaseUrl: string,
  opts: MigrateOptions,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadSchemaEngine();
  const schema = await readSchema();
  const adapters = trackedAdapterFactory(databaseUrl);
  const log = (line: unknown): void => opts.log?.(String(line));
  const factory = bindMigrationAwareSqlAdapterFactory(adapters.factory);
  try {
    const engine = await engineBindings.SchemaEngine.new(
      { datamodels: schema.files.map((file) => [file.path, file.content]) },
      log,
      factory,
    );
    try {
      return await run(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    throw withDriverError(error, factory.errorRegistry);
  } finally {
    await adapters.disposeAll();
  }
}

/** The engine reports a failure of the driver adapter as "External error id#N"; attach error N. */
function withDriverError(error: unknown, registry: ErrorRegistry): unknown {
  const id = error instanceof Error ? /External error id#(\d+)/.exec(error.message)?.[1] : undefined;
  const cause = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  if (!(error instanceof Error) || cause === undefined) return error;
  const detail = cause instanceof Error ? cause.message : JSON.stringify(cause);
  return new Error(`${error.message.split("\n")[0]}: ${detail}`, { cause });
}

/**
 * PrismaPg over pools of our own, all closed when the command ends.
 * Three things PrismaPg 7.10 gets wrong for the engine are patched here:
 * - its shadow database spreads its config into a new pool, and with a connection string pg lets
 *   the URL's database win, so the "shadow" would be the real database: we create our own;
 * - it rejects PostgreSQL's one-byte `"char"` type (OID 18), which the engine's schema describer
 *   reads from the catalogs (contype, confdeltype, ...) and wants typed as a character;
 * - its executeScript splits migration scripts on every ";" (breaking string literals, function
 *   bodies, DO blocks) and runs the pieces one by one: a failure leaves half a migration applied.
 */
function trackedAdapterFactory(databaseUrl: string): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  disposeAll(): Promise<void>;
} {
  const cleanups: (() => Promise<void>)[] = [];
  const connectTo = async (url: string, afterDispose?: () => Promise<void>): Promise<SqlDriverAdapter> => {
    const pool = new pg.Pool({ connectionString: url });
    const runScript = pool.query.bind(pool) as (script: string) => Promise<unknown>;
    letCharColumnsThrough(pool);
    const adapter = await new PrismaPg(pool).connect();
    typeCharColumns(adapter);
    runWholeScripts(adapter, runScript);
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        await pool.end();
        await afterDispose?.();
      })());
    // PrismaPg leaves a pool it was given open; the engine's dispose() must close ours.
    adapter.dispose = close;
    cleanups.push(close);
    return adapter;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: new PrismaPg({ connectionString: databaseUrl }).adapterName,
    connect: () => connectTo(databaseUrl),
    connectToShadowDb: async () => {
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await administer(databaseUrl, `CREATE DATABASE "${name}"`);
      const shadowUrl = new URL(databaseUrl);
      shadowUrl.pathname = `/${name}`;
      return connectTo(shadowUrl.toString(), () =>
        administer(databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
  return {
    factory,
    disposeAll: async () => {
      await Promise.all(cleanups.map((cleanup) => cleanup()));
    },
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
/** Indexes of the `"char"` columns met by the adapter query running in this async context. */
const charColumns = new AsyncLocalStorage<Set<number>>();

/** Shows PrismaPg `"char"` columns as text, which it accepts; their values are strings already. */
function letCharColumnsThrough(pool: pg.Pool): void {
  // PrismaPg's queries are single statements run as query(config) and awaited.
  const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  const patched = async (config: pg.QueryConfig): Promise<pg.QueryResult> => {
    const found = charColumns.getStore();
    const result = await query(config);
    result.fields.forEach((field, index) => {
      if (field.dataTypeID !== PG_CHAR_OID) return;
      field.dataTypeID = PG_TEXT_OID;
      found?.add(index);
    });
    return result;
  };
  Object.assign(pool, { query: patched });
}

/** Gives the engine the character type it expects for the columns letCharColumnsThrough showed as text. */
function typeCharColumns(adapter: SqlDriverAdapter): void {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const found = new Set<number>();
    const result = await charColumns.run(found, () => queryRaw(query));
    for (const index of found) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
}

/**
 * Runs a migration script as one simple-protocol query, as Prisma's native engine does: PostgreSQL
 * parses it whole, and its statements share one implicit transaction.
 */
function runWholeScripts(adapter: SqlDriverAdapter, runScript: (script: string) => Promise<unknown>): void {
  const { onError } = adapter as unknown as { onError(error: unknown): never };
  adapter.executeScript = async (script) => {
    try {
      await runScript(script);
    } catch (error) {
      // PrismaPg's own conversion into the driver adapter error that the engine reports.
      onError.call(adapter, error);
    }
  };
}

async function administer(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
