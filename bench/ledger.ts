// npm run bench:ledger: balance reads with a large ledger.
//
// Starts its own throwaway stack, bulk-loads 1,000,000 posted ledger transfers (spread over 100
// merchants, two networks and three assets, a tenth of them on the measured merchant) with the balance
// trigger off, then sets every account's totals from the sums of its transfers in one statement (what
// the trigger would have done row by row, ~100,000 rows per 80 s here) and checks one account against a sum,
// then times the public routes in process (route handler → PostgreSQL → JSON), sequentially:
// GET /api/v1/balances, the first page of GET /api/v1/balance_transactions and a page deep in it.
import { english, generateMnemonic } from "viem/accounts";
import { startThrowawayStack } from "../scripts/lib/stack";

const TRANSFERS = 1_000_000;
const MERCHANTS = 100;
const CHUNK = 100_000;
const SAMPLES = 300;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(samples: number, fn: () => Promise<Response>): Promise<{ p50: number; p95: number; p99: number }> {
  for (let i = 0; i < 20; i++) await (await fn()).arrayBuffer(); // warm up
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const res = await fn();
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) };
}

async function main(): Promise<void> {
  const stack = await startThrowawayStack({ name: "bench-ledger" });
  try {
    Object.assign(process.env, {
      DATABASE_URL: stack.databaseUrl,
      PAYRAIL_MASTER_SEED: generateMnemonic(english),
      LOG_LEVEL: "warn",
      // ~1,000 requests in a few seconds from one key: far beyond the default budget per minute.
      API_RATE_LIMIT_PER_MINUTE: "1000000",
    });
    const { db, inTransaction } = await import("../server/db");
    const { createMerchant } = await import("../server/merchants/create-merchant");
    const { createApiKey } = await import("../server/auth/api-keys");
    const { merchantAccount } = await import("../server/ledger/chart-of-accounts");
    const { ensureAccounts } = await import("../server/ledger/ensure-accounts");
    const { GET: balances } = await import("../app/api/v1/balances/route");
    const { GET: balanceTransactions } = await import("../app/api/v1/balance_transactions/route");

    // Merchants take pre-derived HD accounts, which the worker keeps ready (none runs here).
    await (await import("../server/wallets/fill-hd-account-pool")).fillHdAccountPool(db(), { target: MERCHANTS });
    const merchants: string[] = [];
    for (let i = 0; i < MERCHANTS; i++)
      merchants.push((await createMerchant(db(), { slug: `bench-${i}`, name: `Bench ${i}` })).id);
    const measured = merchants[0]!;
    const { key } = await inTransaction(db(), (tx) => createApiKey(tx, { merchantId: measured, livemode: false }));

    const pairs = [
      ["devnet", "USDC"],
      ["devnet", "USDT"],
      ["devnet", "ETH"],
      ["devnet-b", "USDC"],
      ["devnet-b", "USDT"],
      ["devnet-b", "ETH"],
    ] as const;
    const accounts = merchants.flatMap((merchantId) =>
      pairs.flatMap(([networkId, asset]) =>
        (["custody_deposits", "available"] as const).map((role) =>
          merchantAccount(role, { merchantId, livemode: false, networkId, asset }),
        ),
      ),
    );
    await ensureAccounts(db(), accounts);

    // A tenth of the transfers on the measured merchant, the rest spread over the others.
    const started = performance.now();
    await db().$executeRawUnsafe("ALTER TABLE ledger_transfers DISABLE TRIGGER ledger_transfers_apply");
    for (let from = 0; from < TRANSFERS; from += CHUNK) {
      await db().$executeRawUnsafe(
        `INSERT INTO ledger_transfers (id, key, type, status, debit_account_id, credit_account_id, amount, merchant_id, livemode,
                                       network_id, asset, decimals, source_id, description, created_at, posted_at)
         SELECT 'txn_bench' || g, 'bench:' || g, 'payment', 'posted',
                'custody:deposits:' || m.id || '/' || p.network || '/' || p.asset || '/test',
                'merchant:' || m.id || ':available/' || p.network || '/' || p.asset || '/test',
                1000 + (g % 1000), m.id, false, p.network, p.asset, CASE WHEN p.asset = 'ETH' THEN 18 ELSE 6 END,
                'pay_bench' || g, 'bench payment', now() - (g || ' seconds')::interval, now()
           FROM generate_series($1::int, $2::int) g
           JOIN LATERAL (SELECT CASE WHEN g % 10 = 0 THEN $3 ELSE $4 || (1 + g % ${MERCHANTS - 1}) END AS slug) s ON true
           JOIN merchants m ON m.slug = s.slug
           JOIN LATERAL (SELECT (ARRAY['devnet','devnet','devnet','devnet-b','devnet-b','devnet-b'])[1 + g % 6] AS network,
                                (ARRAY['USDC','USDT','ETH','USDC','USDT','ETH'])[1 + g % 6] AS asset) p ON true`,
        from + 1,
        Math.min(from + CHUNK, TRANSFERS),
        "bench-0",
        "bench-",
      );
      process.stderr.write(`  ${Math.min(from + CHUNK, TRANSFERS).toLocaleString("en")} transfers written\n`);
    }
    await db().$executeRawUnsafe("ALTER TABLE ledger_transfers ENABLE TRIGGER ledger_transfers_apply");
    // What the trigger keeps: each account's posted debits and credits equal the sums of its transfers.
    await db().$executeRawUnsafe(`
      UPDATE ledger_accounts a
         SET debits_posted = coalesce(d.total, 0), credits_posted = coalesce(c.total, 0)
        FROM ledger_accounts a2
        LEFT JOIN (SELECT debit_account_id AS id, sum(amount) AS total FROM ledger_transfers GROUP BY 1) d ON d.id = a2.id
        LEFT JOIN (SELECT credit_account_id AS id, sum(amount) AS total FROM ledger_transfers GROUP BY 1) c ON c.id = a2.id
       WHERE a.id = a2.id`);
    const writeSeconds = (performance.now() - started) / 1000;
    const [check] = await db().$queryRawUnsafe<{ stored: string; summed: string }[]>(
      `SELECT a.credits_posted::text AS stored,
              coalesce((SELECT sum(amount) FROM ledger_transfers WHERE credit_account_id = a.id), 0)::text AS summed
         FROM ledger_accounts a WHERE a.merchant_id = $1 AND a.code LIKE 'merchant:%:available' ORDER BY a.credits_posted DESC LIMIT 1`,
      measured,
    );
    if (!check || check.stored !== check.summed)
      throw new Error(`account totals do not match: ${JSON.stringify(check)}`);
    await db().$executeRawUnsafe("ANALYZE ledger_transfers");
    await db().$executeRawUnsafe("ANALYZE ledger_accounts");
    const total = await db().ledgerTransfer.count();
    const mine = await db().ledgerTransfer.count({ where: { merchantId: measured } });

    const request = (path: string) =>
      new Request(`http://payrail.bench${path}`, { headers: { authorization: `Bearer ${key}` } });
    const ctx = { params: Promise.resolve({}) };
    const deep = await db().ledgerTransfer.findFirstOrThrow({
      where: { merchantId: measured },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: 50_000,
      select: { id: true },
    });
    const rows: [string, Awaited<ReturnType<typeof time>>][] = [
      ["GET /api/v1/balances", await time(SAMPLES, () => balances(request("/api/v1/balances"), ctx))],
      [
        "GET /api/v1/balance_transactions?limit=100",
        await time(SAMPLES, () => balanceTransactions(request("/api/v1/balance_transactions?limit=100"), ctx)),
      ],
      [
        "… &starting_after=<50,000th>",
        await time(SAMPLES, () =>
          balanceTransactions(request(`/api/v1/balance_transactions?limit=100&starting_after=${deep.id}`), ctx),
        ),
      ],
    ];

    console.log(
      `\nLedger: ${total.toLocaleString("en")} transfers (${mine.toLocaleString("en")} on the measured merchant), bulk-loaded with totals set from sums in ${writeSeconds.toFixed(1)} s.`,
    );
    console.log(`Each route ${SAMPLES} times in process, one after another (target: balances p50 ≤ 20 ms).\n`);
    console.log("| route | p50 ms | p95 ms | p99 ms |");
    console.log("|---|---:|---:|---:|");
    for (const [name, t] of rows)
      console.log(`| ${name} | ${t.p50.toFixed(1)} | ${t.p95.toFixed(1)} | ${t.p99.toFixed(1)} |`);
    await db().$disconnect();
  } finally {
    // The routes query through the shared pg pool too: end it before PostgreSQL stops under it.
    await (
      await import("../server/db/pg-pool")
    )
      .pgPool()
      .end()
      .catch(() => {});
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
