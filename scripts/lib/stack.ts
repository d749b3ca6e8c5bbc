/**
 * The local stack Payrail runs on when nothing is configured: embedded PostgreSQL (migrated) and the
 * two anvil devnets with the test tokens. Used by `npm start`, and by the Vitest and Playwright
 * setups with throwaway data directories and free ports.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { applyMigrations } from "../../server/db/migrate";
import { startAnvil, type AnvilHandle } from "./anvil";
import { ensureTestTokens } from "./deploy-test-tokens";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./postgres";

export interface StackOptions {
  /** Where PostgreSQL's cluster and the devnets' state live. */
  dataDir: string;
  /** Use this database instead of starting an embedded one. */
  databaseUrl?: string;
  postgresPort: number;
  /** Devnets to start; a devnet whose RPC URL is given is used as it is. */
  devnets: { id: "devnet" | "devnet-b"; chainId: number; port: number; rpcUrl?: string }[];
  /** Keep devnet state in dataDir across restarts. */
  persistChains: boolean;
  /** Seconds per block; automine when unset (tests mine explicitly). */
  blockTime?: number;
  log?: (line: string) => void;
}

export interface Stack {
  databaseUrl: string;
  rpcUrls: Record<"devnet" | "devnet-b", string | undefined>;
  stop(): Promise<void>;
}

/** Start what is missing, migrate the database and deploy the test tokens; stop() undoes it in reverse. */
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
      const pg = await startEmbeddedPostgres({ dataDir: path.join(opts.dataDir, "postgres"), port: opts.postgresPort, silent: true });
      started.push(pg);
      databaseUrl = pg.url;
    }
    const { applied } = await applyMigrations(databaseUrl);
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");

    const rpcUrls: Stack["rpcUrls"] = { devnet: undefined, "devnet-b": undefined };
    for (const devnet of opts.devnets) {
      if (devnet.rpcUrl) {
        rpcUrls[devnet.id] = devnet.rpcUrl;
        continue;
      }
      log(`starting ${devnet.id} (chain id ${devnet.chainId}) on 127.0.0.1:${devnet.port}`);
      let stateFile: string | undefined;
      if (opts.persistChains) {
        await mkdir(path.join(opts.dataDir, "chains"), { recursive: true });
        stateFile = path.join(opts.dataDir, "chains", `${devnet.id}.json`);
      }
      const anvil = await startAnvil({ port: devnet.port, chainId: devnet.chainId, stateFile, blockTime: opts.blockTime, silent: true });
      started.push(anvil);
      await ensureTestTokens(anvil.rpcUrl);
      rpcUrls[devnet.id] = anvil.rpcUrl;
    }
    return { databaseUrl, rpcUrls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
