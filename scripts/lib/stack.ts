/**
 * The local stack Payrail runs on when nothing is configured: embedded PostgreSQL (migrated) and the
 * two anvil devnets with the test tokens. Used by `npm start`, and by the Vitest and Playwright
 * setups with throwaway data directories and free ports.
 */
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DEVNETS, rpcEnvKey, type DevnetId } from "../../server/chains/catalog";
import { applyMigrations } from "../../server/db/apply-migrations";
import { startAnvil, type AnvilHandle } from "./anvil";
import { ensurePriceFeeds } from "./deploy-price-feeds";
import { ensureTestTokens } from "./deploy-test-tokens";
import { getFreePort } from "./ports";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./postgres";

export interface StackOptions {
  /** Where PostgreSQL's cluster and the devnets' state live. */
  dataDir: string;
  /** Use this database instead of starting an embedded one. */
  databaseUrl?: string;
  postgresPort: number;
  /** Devnets to start; a devnet whose RPC URL is given is used as it is. */
  devnets: { id: DevnetId; port: number; rpcUrl?: string }[];
  /** Keep devnet state in dataDir across restarts. */
  persistChains: boolean;
  /** Seconds per block; automine when unset (tests mine explicitly). */
  blockTime?: number;
  log?: (line: string) => void;
}

export interface Stack {
  databaseUrl: string;
  rpcUrls: Record<DevnetId, string | undefined>;
  stop(): Promise<void>;
}

/** The devnets' RPC URLs as env variables (`RPC_URL_DEVNET`...), each name behind `prefix`. */
export function devnetRpcEnv(rpcUrls: Stack["rpcUrls"], prefix = ""): Record<string, string> {
  return Object.fromEntries(
    DEVNETS.flatMap(({ id }) => (rpcUrls[id] === undefined ? [] : [[`${prefix}${rpcEnvKey(id)}`, rpcUrls[id]]])),
  );
}

/** Start what is missing, migrate the database and deploy the test tokens and price feeds; stop() undoes it in reverse. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? (() => {});
  const started: (EmbeddedPostgresHandle | AnvilHandle)[] = [];
  const stop = async () => {
    for (const handle of started.reverse()) await handle.stop().catch(() => {});
  };
  try {
    let databaseUrl = opts.databaseUrl;
    if (!databaseUrl) {
      log(`starting embedded PostgreSQL on 127.0.0.1:${opts.postgresPort}`);
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(opts.dataDir, "postgres"),
        port: opts.postgresPort,
        silent: true,
      });
      started.push(pg);
      databaseUrl = pg.url;
    }
    const { applied } = await applyMigrations(databaseUrl);
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");

    const rpcUrls = Object.fromEntries(DEVNETS.map((devnet) => [devnet.id, undefined])) as Stack["rpcUrls"];
    for (const devnet of opts.devnets) {
      if (devnet.rpcUrl) {
        rpcUrls[devnet.id] = devnet.rpcUrl;
        continue;
      }
      const { chainId } = DEVNETS.find((spec) => spec.id === devnet.id)!;
      log(`starting ${devnet.id} (chain id ${chainId}) on 127.0.0.1:${devnet.port}`);
      let stateFile: string | undefined;
      if (opts.persistChains) {
        await mkdir(path.join(opts.dataDir, "chains"), { recursive: true });
        stateFile = path.join(opts.dataDir, "chains", `${devnet.id}.json`);
      }
      const anvil = await startAnvil({
        port: devnet.port,
        chainId,
        stateFile,
        blockTime: opts.blockTime,
        silent: true,
      });
      started.push(anvil);
      await ensureTestTokens(anvil.rpcUrl);
      await ensurePriceFeeds(anvil.rpcUrl);
      rpcUrls[devnet.id] = anvil.rpcUrl;
    }
    return { databaseUrl, rpcUrls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A stack for one test run: a fresh temporary directory, free ports, chains that are not persisted.
 * `stop()` also removes the directory.
 */
export async function startThrowawayStack(opts: { name: string; blockTime?: number }): Promise<Stack> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `payrail-${opts.name}-`));
  await chmod(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  try {
    const stack = await startStack({
      dataDir: dir,
      postgresPort: await getFreePort(),
      devnets: await Promise.all(DEVNETS.map(async ({ id }) => ({ id, port: await getFreePort() }))),
      persistChains: false,
      blockTime: opts.blockTime,
    });
    return {
      ...stack,
      stop: async () => {
        await stack.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
