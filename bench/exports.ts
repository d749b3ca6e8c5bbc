// npm run bench:exports: 1,000,000 payments exported as CSV through the real route handler.
//
// Starts its own throwaway stack (embedded PostgreSQL; the devnets come with it and stay idle), inserts
// 10,000 paid invoices with 100 payments each in SQL (generate_series: creating them through the API
// would take far longer than what is measured), then downloads GET /api/v1/exports/payments.csv with
// an API key, reading the streamed body into a sink that only counts bytes and lines.
//
// The download runs in a child process that imports only the route handler (and what it imports): the
// seeding process also holds the stack, the seeding code and its data, which the export never needs, so
// its RSS says nothing about the export's. The child reports its RSS after the imports and an empty
// export (the baseline: runtime, tsx, Prisma, pg, viem), the peak while the export runs (sampled every
// 25 ms, and the OS's maximum), the CPU time it used and the wall time. Targets: 30 s and 300 MB.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { english, generateMnemonic } from "viem/accounts";
import { startThrowawayStack } from "../scripts/lib/stack";

// `--payments N` for a quicker run; the figures quoted in docs/operations.md are for the default.
const arg = process.argv.indexOf("--payments");
const PAYMENTS = arg === -1 ? 1_000_000 : Number(process.argv[arg + 1]);
const PAYMENTS_PER_INVOICE = 100;
const INVOICES = Math.max(1, Math.ceil(PAYMENTS / PAYMENTS_PER_INVOICE));
const CHUNK = 100_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const stack = await startThrowawayStack({ name: "bench-exports" });
  try {
    Object.assign(process.env, {
      DATABASE_URL: stack.databaseUrl,
      PAYRAIL_MASTER_SEED: generateMnemonic(english),
      LOG_LEVEL: "warn",
    });
    // Imported after the environment is set (env() parses once).
    const { db, inTransaction } = await import("../server/db");
    const { pgPool } = await import("../server/db/pg-pool");
    const { createMerchant } = await import("../server/merchants/create-merchant");
    const { createApiKey } = await import("../server/auth/api-keys");
    const { insertOpenInvoices } = await import("../scripts/lib/insert-open-invoices");
    const { DEVNET_TOKENS } = await import("../server/chains/devnet-tokens");

    // Merchants take pre-derived HD accounts, which the worker keeps ready (none runs here).
    await (await import("../server/wallets/fill-hd-account-pool")).fillHdAccountPool(db());
    const merchant = await createMerchant(db(), {
      slug: `bench-${randomBytes(4).toString("hex")}`,
      name: "Bench exports",
    });
    const { key } = await inTransaction(db(), (tx) => createApiKey(tx, { merchantId: merchant.id, livemode: false }));
    const usdc = DEVNET_TOKENS.find((t) => t.symbol === "USDC")!;

    const started = performance.now();
    const { tag } = await insertOpenInvoices(db(), {
      merchantId: merchant.id,
      count: INVOICES,
      livemode: false,
      amount: 250_000_000n,
      option: {
        networkId: "devnet",
        chainId: 31337,
        asset: "USDC",
        tokenAddress: usdc.address.toLowerCase(),
        decimals: 6,
      },
    });
    const pool = pgPool();
    // The stack stops PostgreSQL at the end: idle connections it closes are expected then.
    pool.on("error", () => undefined);
    const base = Date.now() - PAYMENTS; // one payment per millisecond, all in the past
    for (let start = 0; start < PAYMENTS; start += CHUNK) {
      await pool.query(
        `INSERT INTO payments (id, invoice_id, network_id, asset, token_address, decimals, tx_hash, log_index, from_address, to_address,
                               amount, block_number, block_hash, status, detected_at, confirmed_at, updated_at)
         SELECT 'pay_bulk_' || $1 || '_' || i, 'inv_bulk_' || $1 || '_' || (i % $2), 'devnet', 'USDC', $3, 6,
                '0x' || md5('tx' || i) || md5('tx2' || i), 0, '0x' || substr(md5('from' || (i % 5000)) || md5('f' || (i % 5000)), 1, 40),
                '0x' || substr(md5('to' || (i % $2)) || md5('t' || (i % $2)), 1, 40),
                2500000 + (i % 1000), 1000 + i / 10, '0x' || md5('b' || (i / 10)) || md5('b2' || (i / 10)), 'confirmed',
                to_timestamp(($4::bigint + i) / 1000.0) AT TIME ZONE 'UTC', to_timestamp(($4::bigint + i + 30000) / 1000.0) AT TIME ZONE 'UTC', now()
           FROM generate_series($5::int, $6::int) AS i`,
        [tag, INVOICES, usdc.address.toLowerCase(), base, start, Math.min(PAYMENTS, start + CHUNK) - 1],
      );
    }
    await pool.query("ANALYZE payments; ANALYZE invoices; ANALYZE payment_options");
    console.log(
      `inserted ${PAYMENTS.toLocaleString("en-US")} payments in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const parentRss = process.memoryUsage().rss;
    const result = await runChild({
      DATABASE_URL: stack.databaseUrl,
      BENCH_EXPORT_KEY: key,
      BENCH_EXPORT_BEFORE: new Date(base).toISOString(),
    });
    if (result.rows !== PAYMENTS) throw new Error(`expected ${PAYMENTS} rows, got ${result.rows}`);

    console.log(
      `\nExport of payments.csv through the route handler, in a child process that imports only the route (${mb(result.bytes)} of CSV)\n`,
    );
    console.table([
      {
        rows: result.rows.toLocaleString("en-US"),
        seconds: result.seconds.toFixed(1),
        "rows/s": Math.round(result.rows / result.seconds).toLocaleString("en-US"),
        "CPU s (export process)": result.cpuSeconds.toFixed(1),
        "baseline RSS": mb(result.baselineRss),
        "peak RSS": mb(result.peakRss),
        "export's growth": mb(result.peakRss - result.baselineRss),
        "max RSS (OS)": mb(result.maxRss),
      },
    ]);
    console.log(
      `(The seeding process, with Prisma, viem, tsx and the stack loaded: ${mb(parentRss)} RSS; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} on ${availableParallelism()} cores.)`,
    );
    const ok = result.seconds <= 30 && result.maxRss <= 300 * 1024 * 1024;
    console.log(`targets ≤ 30 s and ≤ 300 MB peak RSS: ${ok ? "met" : "NOT met"}`);
    await pool.end();
    await db().$disconnect();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

interface ChildResult {
  rows: number;
  bytes: number;
  seconds: number;
  cpuSeconds: number;
  baselineRss: number;
  peakRss: number;
  maxRss: number;
}

/** This file again with `--child`, in a process of its own (tsx's loader comes along in execArgv). */
function runChild(env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1]!, ["--child"], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: ChildResult | undefined;
    child.on("message", (message) => (result = message as ChildResult));
    child.on("error", reject);
    child.on("exit", (code) =>
      result && code === 0 ? resolve(result) : reject(new Error(`the export process exited with ${code}`)),
    );
  });
}

/** The export itself: the route handler's GET, read into a sink that counts bytes and lines. */
async function child(): Promise<void> {
  const { GET } = await import("../app/api/v1/exports/[file]/route");
  const download = async (query: string) => {
    const res = await GET(
      new Request(`http://payrail.test/api/v1/exports/payments.csv${query}`, {
        headers: { authorization: `Bearer ${process.env.BENCH_EXPORT_KEY}` },
      }),
      { params: Promise.resolve({ file: "payments.csv" }) },
    );
    if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    let bytes = 0;
    let lines = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
    }
    return { bytes, rows: lines - 1 }; // the header
  };
  // An empty export first (before the first payment): the API key's lookup, the connections, the lazy
  // imports. What is left is the baseline the export itself adds to.
  const empty = await download(`?created_lt=${encodeURIComponent(process.env.BENCH_EXPORT_BEFORE!)}`);
  if (empty.rows !== 0) throw new Error(`the empty export had ${empty.rows} rows`);
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { bytes, rows } = await download("");
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const result: ChildResult = {
    rows,
    bytes,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    baselineRss,
    peakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  // Exits once the result is sent: the pools' idle connections would keep it alive.
  process.send!(result, () => process.exit(0));
}

(process.argv.includes("--child") ? child() : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
