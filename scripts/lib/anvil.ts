/**
 * Starts and stops local anvil devnets. The anvil binary comes from the platform package of
 * @foundry-rs/anvil (an optional dependency), located directly because that package's
 * postinstall is not run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** A running anvil devnet. */
export interface AnvilHandle {
  rpcUrl: string;
  stop(): Promise<void>;
}

/** Options for {@link startAnvil}. */
export interface StartAnvilOptions {
  port: number;
  chainId: number;
  /** Loads state from this file if it exists, and saves to it every 10 s and on stop. */
  stateFile?: string;
  /** Seconds per block (interval mining); automine when unset. */
  blockTime?: number;
  /** Don't forward anvil's output (it logs every RPC call) to this process's stdout/stderr. */
  silent?: boolean;
  /** How long to wait for anvil to answer; loading a large state file takes a while. */
  startTimeoutMs?: number;
  /** EVM hardfork; default {@link ANVIL_HARDFORK}. */
  hardfork?: string;
}

/**
 * The devnets' hardfork, pinned so that EIP-7702 (sweeps) is there whatever anvil's default becomes; the worker
 * checks it at start (server/sweeps/check-eip7702.ts).
 */
export const ANVIL_HARDFORK = "prague";

const PLATFORM_PACKAGES: Record<string, string | undefined> = {
  "linux-x64": "@foundry-rs/anvil-linux-amd64",
  "linux-arm64": "@foundry-rs/anvil-linux-arm64",
  "darwin-x64": "@foundry-rs/anvil-darwin-amd64",
  "darwin-arm64": "@foundry-rs/anvil-darwin-arm64",
  "win32-x64": "@foundry-rs/anvil-win32-amd64",
};

const OUTPUT_TAIL_CHARS = 4000;
const STOP_GRACE_MS = 5000;

/** Path of the anvil binary shipped in this platform's @foundry-rs/anvil-* package, made executable. */
export function anvilBinaryPath(): string {
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg) throw new Error(`anvil: no @foundry-rs/anvil binary package for ${process.platform}-${process.arch}`);
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(
      `anvil: package ${pkg} is not installed (optional dependency of @foundry-rs/anvil; run npm install)`,
    );
  }
  const bin = join(pkgDir, "bin", process.platform === "win32" ? "anvil.exe" : "anvil");
  if (!existsSync(bin)) throw new Error(`anvil: binary missing at ${bin}`);
  if (process.platform !== "win32") {
    try {
      accessSync(bin, constants.X_OK);
    } catch {
      // Some extractors drop the executable bit; the postinstall that would fix it is not run.
      chmodSync(bin, statSync(bin).mode | 0o755);
    }
  }
  return bin;
}

/** Starts anvil and resolves once it answers eth_chainId with the expected chain id. */
export async function startAnvil(opts: StartAnvilOptions): Promise<AnvilHandle> {
  const args = ["--host", "127.0.0.1", "--port", String(opts.port), "--chain-id", String(opts.chainId)];
  args.push("--hardfork", opts.hardfork ?? ANVIL_HARDFORK);
  if (opts.blockTime !== undefined) args.push("--block-time", String(opts.blockTime));
  if (opts.stateFile !== undefined) args.push("--state", opts.stateFile, "--state-interval", "10");

  const child = spawn(anvilBinaryPath(), args, { stdio: ["ignore", "pipe", "pipe"] });
  const rpcUrl = `http://127.0.0.1:${opts.port}`;
  const label = `[anvil:${opts.chainId}]`;

  // Keep the output's tail for error messages; always drain the pipes so anvil never blocks on them.
  let tail = "";
  let listening = false;
  const onOutput = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
    if (!listening && tail.includes(`Listening on 127.0.0.1:${opts.port}`)) listening = true;
    if (!opts.silent) target.write(chunk.toString("utf8").replace(/^(?=.)/gm, `${label} `));
  };
  child.stdout?.on("data", onOutput(process.stdout));
  child.stderr?.on("data", onOutput(process.stderr));

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let spawnError: Error | undefined;
  child.once("error", (err) => {
    spawnError = err;
  });

  // A parent that exits must not leave anvil running (and holding its port). SIGTERM, not
  // SIGKILL: anvil still saves its state file on the way out, after this process is gone.
  const killOnExit = () => {
    if (isRunning(child)) child.kill("SIGTERM");
  };
  process.on("exit", killOnExit);

  const stop = async (): Promise<void> => {
    process.off("exit", killOnExit);
    if (!isRunning(child)) return;
    // SIGTERM lets anvil write its state file before exiting.
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    // Ready = our anvil says it bound the port AND the RPC answers. The log line matters: when the
    // port is taken, another node answers eth_chainId while ours is still failing to bind.
    await waitForRpc(
      rpcUrl,
      opts.chainId,
      opts.startTimeoutMs ?? 30_000,
      () => listening,
      () => {
        if (spawnError) return `failed to spawn: ${spawnError.message}`;
        if (!isRunning(child)) return `exited with code ${String(child.exitCode)} signal ${String(child.signalCode)}`;
        return undefined;
      },
    );
  } catch (err) {
    await stop();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `anvil on port ${opts.port} (chain ${opts.chainId}) did not start: ${reason}\n--- anvil output (tail) ---\n${tail}`,
    );
  }
  return { rpcUrl, stop };
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.pid !== undefined;
}

async function waitForRpc(
  rpcUrl: string,
  chainId: number,
  timeoutMs: number,
  bound: () => boolean,
  deadReason: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "no answer yet";
  for (;;) {
    const dead = deadReason();
    if (dead) throw new Error(dead);
    const notReady = bound() ? await checkChainId(rpcUrl, chainId) : "anvil has not reported listening yet";
    if (notReady === undefined) return;
    lastError = notReady;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms (last: ${lastError})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Returns why the node at rpcUrl isn't ready, or undefined when it answers with the expected chain id. */
async function checkChainId(rpcUrl: string, chainId: number): Promise<string | undefined> {
  try {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(2000),
    });
    const body = (await res.json()) as { result?: string };
    if (body.result !== undefined && Number(body.result) === chainId) return undefined;
    return `eth_chainId answered ${JSON.stringify(body)}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
