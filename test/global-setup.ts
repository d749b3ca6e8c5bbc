// Starts a throwaway stack for the whole Vitest run: embedded PostgreSQL and two anvil devnets on
// free ports, in a temporary directory removed afterwards.
import { mkdtemp, rm, chmod } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { generateMnemonic, english } from "viem/accounts";
import { getFreePort } from "../scripts/lib/anvil";
import { startStack, type Stack } from "../scripts/lib/stack";

declare module "vitest" {
  export interface ProvidedContext {
    testEnv: Record<string, string>;
  }
}

let stack: Stack | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = await mkdtemp(path.join(os.tmpdir(), "payrail-test-"));
  await chmod(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  stack = await startStack({
    dataDir: dir,
    postgresPort: await getFreePort(),
    devnets: [
      { id: "devnet", chainId: 31337, port: await getFreePort() },
      { id: "devnet-b", chainId: 31338, port: await getFreePort() },
    ],
    persistChains: false,
  });
  project.provide("testEnv", {
    NODE_ENV: "test",
    DATABASE_URL: stack.databaseUrl,
    PAYRAIL_MASTER_SEED: generateMnemonic(english),
    PAYRAIL_PUBLIC_URL: "http://payrail.test",
    CRON_SECRET: "test-cron-secret-0123456789",
    RPC_URL_DEVNET: stack.rpcUrls.devnet!,
    RPC_URL_DEVNET_B: stack.rpcUrls["devnet-b"]!,
    WEBHOOK_RETRY_SCHEDULE: "1,1,1",
    LOG_LEVEL: "silent",
  });
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
