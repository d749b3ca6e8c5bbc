// The worker as its own process, for tests that kill it for real: `npx tsx --tsconfig tsconfig.node.json
// scripts/worker.ts` as one node process (tsx's loader imported directly, so the pid is the worker's own and a
// signal reaches it, not a wrapper), with the test stack's environment (set by test/setup-env.ts) plus `env`.
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** A running worker process. */
export interface WorkerProcess {
  pid: number;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote (stdout and stderr together), for failure messages. */
  output(): string;
  /** SIGTERM (the worker finishes its current ticks), SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start `scripts/worker.ts` with the test environment and `env` on top (e.g. PAYRAIL_TEST_CRASH_AT). */
export function startWorkerProcess(env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.node.json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    pid: child.pid!,
    exited,
    output: () => output,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      }
      return exited;
    },
  };
}

/**
 * End the leases a killed worker left behind: its network cursors' and lanes' leases would otherwise run out only
 * after their TTL, and the next test file's scans, sends and deliveries would
 * find them busy meanwhile. Call it after the worker processes of a file have been stopped; test files run one
 * after another, so no live holder is affected.
 */
export async function endLeftoverLeases(): Promise<void> {
  const { db } = await import("../server/db");
  const past = new Date(Date.now() - 1_000);
  await db().networkCursor.updateMany({ where: { leaseOwner: { not: null } }, data: { leaseUntil: past } });
  await db().txLane.updateMany({ where: { leaseOwner: { not: null } }, data: { leaseUntil: past } });
}

/**
 * The worker processes of one test file: `start` spawns one with `baseEnv` (plus its own), `stopAll` (for afterEach)
 * stops every one started since (SIGKILL after 2 s) and ends the leases they left.
 */
export function workerProcesses(baseEnv: Record<string, string> = {}): {
  start(env?: Record<string, string>): WorkerProcess;
  stopAll(): Promise<void>;
} {
  let started: WorkerProcess[] = [];
  return {
    start(env = {}) {
      const w = startWorkerProcess({ ...baseEnv, ...env });
      started.push(w);
      return w;
    },
    async stopAll() {
      await Promise.all(started.map((w) => w.stop(2_000)));
      started = [];
      await endLeftoverLeases();
    },
  };
}

/** Resolve with how the worker exited; fail (with its output) when it is still running after `ms`. */
export async function exitOf(
  w: WorkerProcess,
  ms = 90_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`worker still running:\n${w.output()}`)), ms);
  });
  try {
    return await Promise.race([w.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Poll every 200 ms until `done` holds, running `between` (e.g. mining a block: confirmations need blocks) after each
 * miss; fail with the worker's output after `tries` polls.
 */
export async function pollUntil(
  done: () => Promise<boolean>,
  w: WorkerProcess,
  opts: { between?: () => Promise<unknown>; tries?: number } = {},
): Promise<void> {
  const tries = opts.tries ?? 600;
  for (let i = 0; i < tries; i++) {
    if (await done()) return;
    await opts.between?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not done after ${tries} polls:\n${w.output()}`);
}
