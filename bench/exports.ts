// npm run bench:exports: 1,000,000 payments exported as CSV through the real route handler.
//
// Starts its own throwaway stack (embedded PostgreSQL; the devnets come with it and stay idle), inserts
// 10,000 paid invoices with 100 payments each in SQL (generate_series: creating them through the API
// would take far longer than what is measured), then downloads GET /api/v1/exports/payments.csv with
// an API key, reading the streamed body into a sink that only counts bytes and lines. Prints rows,
// seconds, rows/s and the process's peak RSS (sampled while the export runs, and the OS's maximum for
// the whole run). Targets: 30 s and 300 MB.
import { randomBytes } from "node:crypto";
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
    Object.assign(process.env, { DATABASE_URL: stack.databaseUrl, PAYRAIL_MASTER_SEED: generateMnemonic(english), LOG_LEVEL: "warn" });
    // Imported after the environment is set (env() parses once).
    const { db, inTransaction } = await import("../server/db");
    const { pgPool } = await import("../server/db/pg-pool");
    const { createMerchant } = await import("../server/merchants/create-merchant");
    const { createApiKey } = await import("../server/auth/api-keys");
    const { insertOpenInvoices } = await import("../scripts/lib/insert-open-invoices");
    const { DEVNET_TOKENS } = await import("../server/chains/devnet-tokens");
    const { GET } = await import("../app/api/v1/exports/[file]/route");

    const merchant = await createMerchant(db(), { slug: `bench-${randomBytes(4).toString("hex")}`, name: "Bench exports" });
    const { key } = await inTransaction(db(), (tx) => createApiKey(tx, { merchantId: merchant.id, livemode: false }));
    const usdc = DEVNET_TOKENS.find((t) => t.symbol === "USDC")!;

    let started = performance.now();
    const { tag } = await insertOpenInvoices(db(), {
      merchantId: merchant.id, count: INVOICES, livemode: false, amount: 250_000_000n,
      option: { networkId: "devnet", chainId: 31337, asset: "USDC", tokenAddress: usdc.address.toLowerCase(), decimals: 6 },
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
    console.log(`inserted ${PAYMENTS.toLocaleString("en-US")} payments in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
    started = performance.now();
    const res = await GET(
      new Request("http://payrail.test/api/v1/exports/payments.csv", { headers: { authorization: `Bearer ${key}` } }),
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
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const rows = lines - 1; // the header
    if (rows !== PAYMENTS) throw new Error(`expected ${PAYMENTS} rows, got ${rows}`);

    const maxRss = process.resourceUsage().maxRSS * 1024;
    console.log(`\nExport of payments.csv through the route handler (${mb(bytes)} of CSV)\n`);
    console.table([
      {
        rows: rows.toLocaleString("en-US"),
        seconds: seconds.toFixed(1),
        "rows/s": Math.round(rows / seconds).toLocaleString("en-US"),
        "peak RSS (export)": mb(peakRss),
        "max RSS (process)": mb(maxRss),
      },
    ]);
    const ok = seconds <= 30 && maxRss <= 300 * 1024 * 1024;
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

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
