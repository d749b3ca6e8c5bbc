// `npm run payrail -- <command>`: operator commands. Output meant for machines goes to stdout
// (with --json, nothing else does); progress and errors go to stderr.
import path from "node:path";
import { parseArgs } from "node:util";
import { mnemonicToSeedSync } from "@scure/bip39";
import { isAddress } from "viem";
import pg from "pg";
import { createApiKey } from "../server/auth/api-keys";
import { DEVNETS, isDevnetId, rpcEnvKey } from "../server/chains/catalog";
import { createDb, inTransaction, type Db } from "../server/db";
import { applyMigrations } from "../server/db/apply-migrations";
import { createMigration } from "../server/db/create-migration";
import { AppError } from "../server/errors";
import { backfillLedger } from "../server/ledger/backfill-ledger";
import { createMerchant, getMerchantBySlugOrThrow } from "../server/merchants/create-merchant";
import { parseDecimal } from "../server/money";
import { triggerableEventTypes, triggerableTypeOrThrow } from "../server/dev/trigger-event";
import { resetEnvCache } from "../server/env";
import { dataKeyFromSeed } from "../server/crypto/secret-box";
import { fillHdAccountPool } from "../server/wallets/fill-hd-account-pool";
import { listen, trigger } from "./lib/dev-commands";
import { reconcileCommand } from "./lib/reconcile-command";
import { listQuarantines, rescanQuarantine } from "./lib/scan-commands";
import { cancelLaneCommand, listLanesCommand, unfreezeLaneCommand } from "./lib/lanes-command";
import { sendDevnetPayment } from "./lib/devnet-payment";
import { DATA_DIR, DEFAULT_POSTGRES_PORT, defaultDevnetPort, localMasterSeed } from "./lib/local-files";
import { embeddedPostgresUrl, startEmbeddedPostgres } from "./lib/postgres";

const USAGE = `Usage: npm run payrail -- <command>

Commands:
  migrate                                   apply pending database migrations
  migrate create --name NAME                write a migration taking prisma/migrations to prisma/schema.prisma
  merchants create --slug SLUG --name NAME  create a merchant
  ledger backfill                           post the ledger entries of payments recorded without them
  reconcile [--merchant SLUG] [--json]      the ledger against the chains for every merchant (or one), both modes;
                                            exits 1 on a mismatch
  keys create --merchant SLUG [--live] [--json]
                                            create an API key (printed once; --json prints {"key": "..."})
  keys fill-pool [--target N]               derive merchant HD accounts until N (default 50) are unassigned, and
                                            the xpubs of existing merchants (needs PAYRAIL_MASTER_SEED)
  keys data-key                             print PAYRAIL_DATA_KEY for the web process, derived from the seed
  lanes list [--frozen] [--json]            the sender's transaction lanes (network, address, next nonce, queue),
                                            frozen ones first with the reason
  lanes unfreeze --lane LANE_ID             unfreeze a lane once its key is safe again: requests whose nonce a
                                            foreign transaction took fail (never re-sent), the rest go on
  lanes cancel --lane LANE_ID               a lane stuck at the network's fee cap: the worker sends a zero-value
                                            self-transfer on the stuck nonce, fees +12.5% past the cap; mined,
                                            the request fails (its domain may send it again)
  scan quarantines [--all] [--json]         block ranges skipped because recording them kept failing (not yet
                                            rescanned, or --all)
  scan rescan-quarantined --id SQ_ID        record a quarantined range's payments once the cause is fixed
  devnet pay --to ADDRESS --amount 25.00 [--asset USDC|USDT|ETH] [--network devnet|devnet-b] [--account N]
                                            pay from anvil test account N (default 1) on a local devnet
  listen --forward-to URL [--merchant SLUG] [--live] [--events invoice.paid,payment.*]
                                            forward the merchant's new events (default merchant: demo) to URL,
                                            signed with the printed whsec_ secret, until Ctrl-C
  trigger EVENT_TYPE [--merchant SLUG]      make a real test-mode event happen (invoice.paid: a test invoice
                                            paid on the local devnet); run it without a type for the list

Uses DATABASE_URL, or the embedded database of \`npm start\` (started for the command if it is not running).`;

class UsageError extends Error {}

/** The configured database, or the embedded one: the running one of `npm start`, else started for this command. */
async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return fn(process.env.DATABASE_URL);
  const port = Number(process.env.PAYRAIL_PG_PORT ?? DEFAULT_POSTGRES_PORT);
  const url = embeddedPostgresUrl(port);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  const running = await client.connect().then(
    () => true,
    () => false,
  );
  await client.end().catch(() => {});
  if (running) return fn(url);
  const server = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "postgres"), port, silent: true });
  try {
    await applyMigrations(server.url);
    return await fn(server.url);
  } finally {
    await server.stop();
  }
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  return withDatabase(async (url) => {
    const db = createDb(url);
    try {
      return await fn(db);
    } finally {
      await db.$disconnect();
    }
  });
}

/** Server code's environment for `url`, with `npm start`'s defaults for what is unset (its master seed, its devnet). */
async function withLocalEnv<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  return withDatabase(async (url) => {
    process.env.DATABASE_URL = url;
    process.env.PAYRAIL_MASTER_SEED ??= await localMasterSeed();
    process.env[rpcEnvKey("devnet")] ??= `http://127.0.0.1:${defaultDevnetPort("devnet")}`;
    process.env.LOG_LEVEL ??= "silent";
    resetEnvCache();
    const db = createDb(url);
    try {
      return await fn(db);
    } finally {
      await db.$disconnect();
    }
  });
}

/** The master seed: PAYRAIL_MASTER_SEED, or `npm start`'s own when no DATABASE_URL is set (never a new one for a configured database). */
async function requireSeed(): Promise<string> {
  if (process.env.PAYRAIL_MASTER_SEED) return process.env.PAYRAIL_MASTER_SEED;
  if (process.env.DATABASE_URL) throw new UsageError("PAYRAIL_MASTER_SEED is required with DATABASE_URL");
  return localMasterSeed();
}

/** Server code's environment with the master seed (see requireSeed) and the database. */
async function withSeed<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const seed = await requireSeed();
  return withDatabase(async (url) => {
    Object.assign(process.env, { DATABASE_URL: url, PAYRAIL_MASTER_SEED: seed });
    process.env.LOG_LEVEL ??= "silent";
    resetEnvCache();
    const db = createDb(url);
    try {
      return await fn(db);
    } finally {
      await db.$disconnect();
    }
  });
}

function requireString(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const [group, action, ...rest] = argv;
  if (!group || group === "help" || group === "--help") {
    console.log(USAGE);
    return;
  }
  if (group === "migrate" && action === undefined) {
    const { applied } = await withDatabase((url) => applyMigrations(url, { log: (line) => console.error(line) }));
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
        : "Database schema is up to date.",
    );
    return;
  }
  if (group === "migrate" && action === "create") {
    const { values } = parseArgs({ args: rest, options: { name: { type: "string" } }, strict: true });
    const name = requireString(values, "name");
    const folder = await withDatabase((url) => createMigration(url, name));
    console.log(
      folder ? `Wrote prisma/migrations/${folder}/migration.sql` : "The migrations already match prisma/schema.prisma.",
    );
    return;
  }
  if (group === "ledger" && action === "backfill") {
    const synced = await withDb((db) => backfillLedger(db));
    console.log(synced ? `Posted the ledger entries of ${synced} invoice(s).` : "The ledger is up to date.");
    return;
  }
  if (group === "scan" && action === "quarantines") {
    const { values } = parseArgs({
      args: rest,
      options: { all: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
      strict: true,
    });
    await withLocalEnv((db) => listQuarantines(db, { all: values.all === true, json: values.json === true }));
    return;
  }
  if (group === "scan" && action === "rescan-quarantined") {
    const { values } = parseArgs({ args: rest, options: { id: { type: "string" } }, strict: true });
    const id = requireString(values, "id");
    if (!process.env.DATABASE_URL)
      for (const d of DEVNETS) process.env[rpcEnvKey(d.id)] ??= `http://127.0.0.1:${defaultDevnetPort(d.id)}`;
    await withLocalEnv((db) => rescanQuarantine(db, id));
    return;
  }
  if (group === "reconcile") {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: { merchant: { type: "string" }, json: { type: "boolean", default: false } },
      strict: true,
    });
    // Locally (no DATABASE_URL) both devnets of `npm start`; otherwise the RPC URLs configured.
    if (!process.env.DATABASE_URL)
      for (const d of DEVNETS) process.env[rpcEnvKey(d.id)] ??= `http://127.0.0.1:${defaultDevnetPort(d.id)}`;
    const mismatch = await withLocalEnv((db) =>
      reconcileCommand(db, { slug: values.merchant, json: values.json === true }),
    );
    if (mismatch) throw new Error("the ledger does not match the chains (see the differences above)");
    return;
  }
  if (group === "merchants" && action === "create") {
    const { values } = parseArgs({
      args: rest,
      options: { slug: { type: "string" }, name: { type: "string" } },
      strict: true,
    });
    const slug = requireString(values, "slug");
    const name = requireString(values, "name");
    const merchant = await withSeed(async (db) => {
      // This process has the seed: an empty pool (no worker running yet) is no reason to fail.
      await fillHdAccountPool(db);
      return createMerchant(db, { slug, name });
    });
    console.log(`Created merchant ${merchant.slug} (${merchant.id}).`);
    return;
  }
  if (group === "keys" && action === "fill-pool") {
    const { values } = parseArgs({ args: rest, options: { target: { type: "string" } }, strict: true });
    const target = values.target === undefined ? undefined : Number(values.target);
    if (target !== undefined && !(Number.isInteger(target) && target >= 0 && target <= 100_000))
      throw new UsageError("--target must be a whole number from 0 to 100000");
    const filled = await withSeed((db) => fillHdAccountPool(db, { target }));
    console.log(
      `Derived the xpubs of ${filled.derived} existing account(s), added ${filled.added}; ${filled.unassigned} unassigned.`,
    );
    return;
  }
  if (group === "keys" && action === "data-key") {
    console.log(dataKeyFromSeed(mnemonicToSeedSync((await requireSeed()).trim())));
    return;
  }
  if (group === "keys" && action === "create") {
    const { values } = parseArgs({
      args: rest,
      options: {
        merchant: { type: "string" },
        live: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        name: { type: "string" },
      },
      strict: true,
    });
    const slug = requireString(values, "merchant");
    const key = await withDb(async (db) => {
      const merchant = await getMerchantBySlugOrThrow(db, slug);
      return inTransaction(db, (tx) =>
        createApiKey(tx, { merchantId: merchant.id, livemode: values.live === true, name: values.name }),
      );
    });
    if (values.json) console.log(JSON.stringify({ key: key.key }));
    else
      console.log(
        `Created ${key.livemode ? "live" : "test"} API key ${key.id} for ${slug}. It is shown only now:\n\n  ${key.key}\n`,
      );
    return;
  }
  if (group === "lanes" && (action === "list" || action === "unfreeze" || action === "cancel")) {
    const { values } = parseArgs({
      args: rest,
      options: {
        frozen: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        lane: { type: "string" },
      },
      strict: true,
    });
    // Locally (no DATABASE_URL) the devnets of `npm start`; otherwise the RPC URLs configured.
    if (!process.env.DATABASE_URL)
      for (const d of DEVNETS) process.env[rpcEnvKey(d.id)] ??= `http://127.0.0.1:${defaultDevnetPort(d.id)}`;
    if (action === "list")
      await withLocalEnv((db) =>
        listLanesCommand(db, { frozenOnly: values.frozen === true, json: values.json === true }),
      );
    else if (action === "cancel") {
      const laneId = requireString(values, "lane");
      await withLocalEnv((db) => cancelLaneCommand(db, { laneId }));
    } else {
      const laneId = requireString(values, "lane");
      await withLocalEnv((db) => unfreezeLaneCommand(db, { laneId }));
    }
    return;
  }
  if (group === "devnet" && action === "pay") {
    const { values } = parseArgs({
      args: rest,
      options: {
        to: { type: "string" },
        amount: { type: "string" },
        asset: { type: "string", default: "USDC" },
        network: { type: "string", default: "devnet" },
        account: { type: "string", default: "1" },
      },
      strict: true,
    });
    const to = requireString(values, "to");
    if (!isAddress(to)) throw new UsageError(`--to is not an address: ${to}`);
    const asset = String(values.asset).toUpperCase();
    if (asset !== "USDC" && asset !== "USDT" && asset !== "ETH")
      throw new UsageError("--asset must be USDC, USDT or ETH");
    const network = String(values.network);
    if (!isDevnetId(network)) throw new UsageError(`--network must be one of ${DEVNETS.map((d) => d.id).join(", ")}`);
    const amount = parseDecimal(requireString(values, "amount"), asset === "ETH" ? 18 : 6);
    if (amount === null || amount === 0n) throw new UsageError("--amount must be a positive decimal such as 25.00");
    const account = Number(values.account);
    if (!Number.isInteger(account) || account < 0 || account > 9) throw new UsageError("--account must be 0..9");
    const rpcUrl = process.env[rpcEnvKey(network)] ?? `http://127.0.0.1:${defaultDevnetPort(network)}`;
    const { hash, blockNumber } = await sendDevnetPayment({
      rpcUrl,
      network,
      asset,
      to,
      amount,
      accountIndex: account,
    });
    console.log(`Sent ${values.amount} ${asset} on ${network} to ${to}: ${hash} (block ${blockNumber}).`);
    return;
  }
  if (group === "listen") {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: {
        "forward-to": { type: "string" },
        merchant: { type: "string", default: "demo" },
        live: { type: "boolean", default: false },
        events: { type: "string" },
      },
      strict: true,
    });
    const forwardTo = URL.canParse(requireString(values, "forward-to")) ? new URL(String(values["forward-to"])) : null;
    if (!forwardTo || (forwardTo.protocol !== "http:" && forwardTo.protocol !== "https:"))
      throw new UsageError("--forward-to must be an http(s) URL");
    await withLocalEnv((db) =>
      listen(db, { slug: String(values.merchant), livemode: values.live === true, forwardTo, events: values.events }),
    );
    return;
  }
  if (group === "trigger") {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      options: { merchant: { type: "string", default: "demo" }, live: { type: "boolean", default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (values.live)
      throw new UsageError(
        "trigger works in test mode only: it creates test invoices and pays them on the local devnet",
      );
    if (positionals.length !== 1)
      throw new UsageError(`trigger takes one event type: ${triggerableEventTypes.join(", ")}`);
    const type = triggerableTypeOrThrow(positionals[0]!);
    await withLocalEnv((db) => trigger(db, { slug: String(values.merchant), type }));
    return;
  }
  throw new UsageError(`unknown command: ${argv.join(" ")}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      console.error(`Error: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof AppError) {
      console.error(`Error: ${error.message}`);
      process.exit(1);
    }
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
