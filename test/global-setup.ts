// Starts a throwaway stack for the whole Vitest run: embedded PostgreSQL and two automining anvil
// devnets on free ports, in a temporary directory removed afterwards.
import type { TestProject } from "vitest/node";
import { english, generateMnemonic } from "viem/accounts";
import { devnetRpcEnv, startThrowawayStack, type Stack } from "../scripts/lib/stack";

declare module "vitest" {
  export interface ProvidedContext {
    testEnv: Record<string, string>;
  }
}

let stack: Stack | undefined;

export async function setup(project: TestProject): Promise<void> {
  stack = await startThrowawayStack({ name: "test" });
  project.provide("testEnv", {
    NODE_ENV: "test",
    DATABASE_URL: stack.databaseUrl,
    PAYRAIL_MASTER_SEED: generateMnemonic(english),
    PAYRAIL_PUBLIC_URL: "http://payrail.test",
    CRON_SECRET: "test-cron-secret-0123456789",
    NEXTAUTH_SECRET: "test-auth-secret-0123456789-0123456789",
    ...devnetRpcEnv(stack.rpcUrls),
    WEBHOOK_RETRY_SCHEDULE: "1,1,1",
    // The suite's receivers listen on 127.0.0.1; tests of the production default turn it off themselves.
    PAYRAIL_ALLOW_PRIVATE_WEBHOOKS: "1",
    LOG_LEVEL: "silent",
  });
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
