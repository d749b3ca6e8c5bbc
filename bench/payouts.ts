// npm run bench:payouts: a 1,000-item token payout batch from the API call to every payout confirmed.
//
// Starts its own throwaway stack (PostgreSQL, both devnets), funds a merchant with one real USDC payment, then
// POSTs a 1,000-item batch through the route handler and drives the worker's parts in process, one pass at a
// time (chains, payouts, sweeps, sender, then one block): the consolidation sweep into the hot wallet, the
// executor transactions (the hot wallet delegating to itself with EIP-7702), their confirmations. Prints the
// seconds, the transactions used and the gas per item, against 20 payouts sent one transaction each.
import { english, generateMnemonic, generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { parseEther, type Address, type Hex } from "viem";
import { startThrowawayStack, devnetRpcEnv } from "../scripts/lib/stack";

const ITEMS = 1_000;
const SINGLES = 20;

async function main(): Promise<void> {
  const stack = await startThrowawayStack({ name: "bench-payouts" });
  try {
    Object.assign(process.env, {
      DATABASE_URL: stack.databaseUrl,
      PAYRAIL_MASTER_SEED: generateMnemonic(english),
      LOG_LEVEL: "warn",
      ...devnetRpcEnv(stack.rpcUrls),
    });
    const { db, inTransaction } = await import("../server/db");
    const { resetEnvCache } = await import("../server/env");
    resetEnvCache();
    const { createMerchant } = await import("../server/merchants/create-merchant");
    const { createApiKey } = await import("../server/auth/api-keys");
    const { fillHdAccountPool } = await import("../server/wallets/fill-hd-account-pool");
    const { platformAddress } = await import("../server/wallets/platform-keys");
    const { findNetwork } = await import("../server/chains/networks");
    const { publicClientFor } = await import("../server/chains/client");
    const { prepareSweeps } = await import("../server/sweeps/prepare-sweeps");
    const { tick } = await import("../server/jobs/tick");
    const { createInvoice } = await import("../server/invoices/create-invoice");
    const { sendDevnetPayment, devnetWallet } = await import("../scripts/lib/devnet-payment");
    const { POST: createBatch } = await import("../app/api/v1/payout_batches/route");
    const { POST: createPayout } = await import("../app/api/v1/payouts/route");
    const { formatDecimal } = await import("../server/money");

    const rpcUrl = stack.rpcUrls.devnet!;
    const network = findNetwork("devnet")!;
    const client = publicClientFor(network);
    const testClient = devnetWallet(rpcUrl, "devnet").test;
    for (const role of ["hot", "gas"] as const)
      await testClient.setBalance({ address: platformAddress(role, false), value: parseEther("1000") });
    await prepareSweeps([network]);

    await fillHdAccountPool(db(), { target: 1 });
    const merchant = await createMerchant(db(), { slug: "bench-payouts", name: "Bench payouts" });
    const { key } = await inTransaction(db(), (tx) => createApiKey(tx, { merchantId: merchant.id, livemode: false }));
    const { id: invoiceId } = await inTransaction(db(), (tx) =>
      createInvoice(tx, {
        merchantId: merchant.id,
        livemode: false,
        request: { amount: "10000.00", currency: "USDC", payment_methods: [{ network: "devnet", asset: "USDC" }] },
      }),
    );
    const deposit = await db().depositAddress.findUniqueOrThrow({ where: { invoiceId } });
    await sendDevnetPayment({
      network: "devnet",
      asset: "USDC",
      to: deposit.address as Address,
      amount: 10_000_000_000n,
      rpcUrl,
    });
    await testClient.mine({ blocks: 3 });
    await tick(db(), { owner: "bench", parts: ["chains"] });

    const pass = async () => {
      for (const part of ["chains", "payouts", "sweeps", "sender"] as const)
        await tick(db(), { owner: "bench", parts: [part] });
      await testClient.mine({ blocks: 1 });
    };
    const post = (path: string, body: unknown) =>
      new Request(`http://payrail.bench${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const fresh = () => privateKeyToAccount(generatePrivateKey()).address;

    // The batch: amounts 0.01 to 10.00 USDC to fresh addresses (each transfer writes a new balance slot).
    const items = Array.from({ length: ITEMS }, (_, i) => ({
      address: fresh(),
      amount: formatDecimal(BigInt((i % 1000) + 1) * 10_000n, 6),
    }));
    const started = performance.now();
    const res = await createBatch(post("/api/v1/payout_batches", { network: "devnet", asset: "USDC", items }), {
      params: Promise.resolve({}),
    });
    if (res.status !== 201) throw new Error(`batch: ${res.status} ${await res.text()}`);
    const batch = (await res.json()) as { id: string };
    const apiMs = performance.now() - started;
    let passes = 0;
    while ((await db().payout.count({ where: { batchId: batch.id, status: "confirmed" } })) < ITEMS) {
      if (++passes > 200) throw new Error("the batch did not confirm in 200 passes");
      await pass();
    }
    const seconds = (performance.now() - started) / 1000;
    const requests = await db().outgoingTransaction.findMany({ where: { sourceId: batch.id } });
    let batchGas = 0n;
    for (const r of requests) batchGas += (await client.getTransactionReceipt({ hash: r.hash as Hex })).gasUsed;

    // The comparison: payouts sent one transaction each (plain ERC-20 transfers from the hot wallet).
    const singles: string[] = [];
    for (let i = 0; i < SINGLES; i++) {
      const r = await createPayout(
        post("/api/v1/payouts", { network: "devnet", asset: "USDC", amount: "1.00", address: fresh() }),
        { params: Promise.resolve({}) },
      );
      singles.push(((await r.json()) as { id: string }).id);
    }
    while ((await db().payout.count({ where: { id: { in: singles }, status: "confirmed" } })) < SINGLES) await pass();
    let singleGas = 0n;
    for (const p of await db().payout.findMany({ where: { id: { in: singles } } }))
      singleGas += (await client.getTransactionReceipt({ hash: p.txHash as Hex })).gasUsed;

    const perItem = batchGas / BigInt(ITEMS);
    const perSingle = singleGas / BigInt(SINGLES);
    console.log(`bench:payouts: ${ITEMS}-item USDC batch on the devnet, API call to every payout confirmed`);
    console.log(`  POST /api/v1/payout_batches answered in ${apiMs.toFixed(0)} ms`);
    console.log(
      `  all ${ITEMS} confirmed after ${seconds.toFixed(1)} s (${passes} worker passes, one block each; 3 confirmations)`,
    );
    console.log(`  transactions: ${requests.length} (vs ${ITEMS} one per payout), gas ${batchGas} in all`);
    console.log(`  gas per item: ${perItem} batched vs ${perSingle} per one-payout transaction (${SINGLES} measured)`);
    console.log(`  saving: ${((Number(perSingle - perItem) / Number(perSingle)) * 100).toFixed(0)}% of the gas`);
  } finally {
    const { db } = await import("../server/db");
    await db().$disconnect();
    // Some parts query through the shared pg pool too: end it before PostgreSQL stops under it.
    await (
      await import("../server/db/pg-pool")
    )
      .pgPool()
      .end()
      .catch(() => {});
    await stack.stop();
  }
}

await main();
