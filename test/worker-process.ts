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
