// Starts everything the e2e specs drive: a throwaway stack (embedded PostgreSQL, two automining
// devnets: specs mine further blocks themselves, so every state is observable), the built app under
// `next start`, and the worker. Specs read where things are
// from the E2E_* variables set here. Returns the teardown.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { mnemonicToSeedSync } from "@scure/bip39";
import { english, generateMnemonic, HDKey } from "viem/accounts";
import { createApiKey } from "../server/auth/api-keys";
import { createDb, inTransaction } from "../server/db";
import { createMerchant } from "../server/merchants/create-merchant";
import { fillHdAccountPool } from "../server/wallets/fill-hd-account-pool";
import { REPO_ROOT } from "../scripts/lib/local-files";
import { getFreePort } from "../scripts/lib/ports";
import { devnetRpcEnv, startThrowawayStack } from "../scripts/lib/stack";
import { webProcessEnv } from "../scripts/lib/web-env";

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the app exited (${child.exitCode})`);
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startThrowawayStack({ name: "e2e" });
  const appPort = await getFreePort();
  const baseUrl = `http://127.0.0.1:${appPort}`;
  const seed = generateMnemonic(english);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: stack.databaseUrl,
    PAYRAIL_MASTER_SEED: seed,
    PAYRAIL_PUBLIC_URL: baseUrl,
    CRON_SECRET: "e2e-cron-secret-0123456789",
    NEXTAUTH_SECRET: "e2e-auth-secret-0123456789-0123456789",
    ...devnetRpcEnv(stack.rpcUrls),
    WORKER_POLL_MS: "300",
    PAYRAIL_ALLOW_PRIVATE_WEBHOOKS: "1",
    LOG_LEVEL: "warn",
  };

  const db = createDb(stack.databaseUrl);
  // What the worker does from now on, done before it starts: the app (no seed) creates merchants from these.
  await fillHdAccountPool(db, { target: 100, root: HDKey.fromMasterSeed(mnemonicToSeedSync(seed)) });
  const merchant = await createMerchant(db, {
    slug: "e2e-shop",
    name: "E2E Coffee Shop",
    supportEmail: "help@e2e.example",
  });
  const { key } = await inTransaction(db, (tx) => createApiKey(tx, { merchantId: merchant.id, livemode: false }));
  await db.$disconnect();

  const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);
  const children = [
    // The app runs as in production: without the master seed (only the worker signs), with the data key.
    spawn(bin("next"), ["start", "-p", String(appPort), "-H", "127.0.0.1"], {
      cwd: REPO_ROOT,
      env: webProcessEnv(env),
      stdio: ["ignore", "inherit", "inherit"],
    }),
    spawn(bin("tsx"), ["--tsconfig", "tsconfig.node.json", "scripts/worker.ts"], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    }),
  ];
  await waitForHttp(`${baseUrl}/`, children[0]!);

  Object.assign(process.env, {
    E2E_BASE_URL: baseUrl,
    E2E_API_KEY: key,
    E2E_DATABASE_URL: stack.databaseUrl,
    // For e2e/keys/no-seed.spec.ts: the app's process (its environment has no seed) and the throwaway seed.
    E2E_APP_PID: String(children[0]!.pid),
    E2E_MASTER_SEED: seed,
    ...devnetRpcEnv(stack.rpcUrls, "E2E_"),
  });

  return async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }),
      ),
    );
    await stack.stop();
  };
}
