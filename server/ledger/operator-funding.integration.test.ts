import { spawnSync } from "node:child_process";
import path from "node:path";
import { english, generateMnemonic } from "viem/accounts";
import { createPublicClient, createWalletClient, defineChain, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "@/scripts/lib/local-files";
import { anvilTestAccounts } from "@/server/chains/devnet-tokens";
import { db } from "@/server/db";
import { resetEnvCache } from "@/server/env";
import { tick } from "@/server/jobs/tick";
import { platformAddress, platformKeyPath, signerForPath } from "@/server/wallets/platform-keys";
import { recordPlatformWallets } from "@/server/withdrawals/record-platform-wallets";
import { createDevnetInvoice, devnetRpc, devnetRpcUrl, payRaw } from "@/test/chains";
import { createTestMerchant, mine } from "@/test/fixtures";
import { operatorAccount } from "./chart-of-accounts";
import { reconcile, reconcilePlatformWallets, type PlatformWalletLine } from "./reconcile";

// The operator funds the platform gas and hot wallets from an address of its own: the watcher posts each funding as
// operator funding (operator:funding → the wallet's operator account), so the operator's reconciliation keeps the
// wallets' lines matched; a funding reorged away is voided (pending) or reversed (posted).
//
// The platform wallets of this file come from a master seed of its own: every other file of the suite shares the
// suite's wallets on the same devnets (and tops their ETH up with anvil_setBalance, which no ledger can see), so
// exact balances here need wallets nobody else touches. The suite's wallets are recorded again afterwards.

const OWNER = "operator-funding-test";
const OPERATOR = 7; // anvil test account standing for the operator's own wallet
const FILLER = anvilTestAccounts(9)[8]!.address;
const ETH = 10n ** 18n;
const devnetChain = defineChain({
  id: 31337,
  name: "devnet",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [] } },
});

let suiteSeed: string | undefined;
let gas: `0x${string}`;
let hot: `0x${string}`;
let merchantId: string;

beforeAll(async () => {
  suiteSeed = process.env.PAYRAIL_MASTER_SEED;
  process.env.PAYRAIL_MASTER_SEED = generateMnemonic(english);
  resetEnvCache();
  await recordPlatformWallets(db());
  gas = platformAddress("gas", false);
  hot = platformAddress("hot", false);
  ({ merchantId } = await createTestMerchant());
  // A deposit address, so the operator's run has this merchant's report to carry the wallets' lines.
  await createDevnetInvoice(merchantId, { amount: "1.00", currency: "USDC", network: "devnet" });
  await tick(db(), { owner: OWNER });
});

afterAll(async () => {
  process.env.PAYRAIL_MASTER_SEED = suiteSeed;
  resetEnvCache();
  await recordPlatformWallets(db());
});

/** Mine on both devnets and run the worker's tick: what was sent reaches its 3 confirmations. */
async function settle(blocks = 2): Promise<void> {
  await mine("devnet", blocks);
  await mine("devnet-b", blocks);
  await tick(db(), { owner: OWNER });
}

async function balance(id: string) {
  const a = await db().ledgerAccount.findUniqueOrThrow({ where: { id } });
  return {
    debitsPending: BigInt(a.debitsPending.toFixed(0)),
    debitsPosted: BigInt(a.debitsPosted.toFixed(0)),
    creditsPending: BigInt(a.creditsPending.toFixed(0)),
    creditsPosted: BigInt(a.creditsPosted.toFixed(0)),
  };
}

/** The platform wallet lines without their block numbers, as `role network asset onChain ledger status`. */
function summary(lines: PlatformWalletLine[]): string[] {
  return lines.map((l) => `${l.role} ${l.networkId} ${l.asset} ${l.onChain} ${l.ledger} ${l.status}`);
}

/** This file's platform wallets' fundings (other files fund the suite's). */
const ours = () => ({ toAddress: { in: [hot.toLowerCase(), gas.toLowerCase()] } });

const scope = (asset: string) => ({ livemode: false, networkId: "devnet", asset });

describe("operator funding of the platform wallets", () => {
  it("posts the operator's ETH to the hot and gas wallets (and USDC to the hot wallet) once, at 3 confirmations; reconciliation matched", async () => {
    expect(summary(await reconcilePlatformWallets(db(), { livemode: false, networkId: "devnet" }))).toEqual([
      "hot devnet ETH 0 0 matched",
      "hot devnet USDC 0 0 matched",
      "hot devnet USDT 0 0 matched",
      "gas devnet ETH 0 0 matched",
      "gas devnet USDC 0 0 matched",
      "gas devnet USDT 0 0 matched",
    ]);
    const toHot = await payRaw({ network: "devnet", asset: "ETH", to: hot, amount: 2n * ETH, accountIndex: OPERATOR });
    const toGas = await payRaw({
      network: "devnet",
      asset: "ETH",
      to: gas,
      amount: (3n * ETH) / 2n,
      accountIndex: OPERATOR,
    });
    const usdc = await payRaw({
      network: "devnet",
      asset: "USDC",
      to: hot,
      amount: 25_000_000n,
      accountIndex: OPERATOR,
    });
    await tick(db(), { owner: OWNER });

    const fundings = await db().operatorFunding.findMany({
      where: ours(),
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    });
    const operator = anvilTestAccounts(OPERATOR + 1)[OPERATOR]!.address.toLowerCase();
    expect(
      fundings.map((f) => ({
        role: f.role,
        networkId: f.networkId,
        asset: f.asset,
        amount: f.amount.toFixed(0),
        from: f.fromAddress,
        to: f.toAddress,
        txHash: f.txHash,
        status: f.status,
      })),
    ).toEqual([
      {
        role: "hot",
        networkId: "devnet",
        asset: "ETH",
        amount: "2000000000000000000",
        from: operator,
        to: hot.toLowerCase(),
        txHash: toHot.hash,
        status: "confirmed", // automine: the two transactions after it gave it its 3 confirmations
      },
      {
        role: "gas",
        networkId: "devnet",
        asset: "ETH",
        amount: "1500000000000000000",
        from: operator,
        to: gas.toLowerCase(),
        txHash: toGas.hash,
        status: "pending",
      },
      {
        role: "hot",
        networkId: "devnet",
        asset: "USDC",
        amount: "25000000",
        from: operator,
        to: hot.toLowerCase(),
        txHash: usdc.hash,
        status: "pending",
      },
    ]);
    // Pending at detection: nothing posted yet.
    expect(await balance(operatorAccount("gas_wallet", scope("ETH")).id)).toEqual({
      debitsPending: (3n * ETH) / 2n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 0n,
    });

    await settle();
    expect(
      (await db().operatorFunding.findMany({ where: ours(), orderBy: { blockNumber: "asc" } })).map((f) => f.status),
    ).toEqual(["confirmed", "confirmed", "confirmed"]);
    expect(await balance(operatorAccount("hot_wallet_gas", scope("ETH")).id)).toEqual({
      debitsPending: 0n,
      debitsPosted: 2n * ETH,
      creditsPending: 0n,
      creditsPosted: 0n,
    });
    expect(await balance(operatorAccount("gas_wallet", scope("ETH")).id)).toEqual({
      debitsPending: 0n,
      debitsPosted: (3n * ETH) / 2n,
      creditsPending: 0n,
      creditsPosted: 0n,
    });
    expect(await balance(operatorAccount("hot_wallet_funds", scope("USDC")).id)).toEqual({
      debitsPending: 0n,
      debitsPosted: 25_000_000n,
      creditsPending: 0n,
      creditsPosted: 0n,
    });
    expect(await balance(operatorAccount("funding", scope("ETH")).id)).toEqual({
      debitsPending: 0n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: (7n * ETH) / 2n,
    });
    expect(await balance(operatorAccount("funding", scope("USDC")).id)).toEqual({
      debitsPending: 0n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 25_000_000n,
    });

    // Exactly once: more scans (and a funding seen again) post nothing more.
    await settle();
    const ids = (await db().operatorFunding.findMany({ where: ours(), select: { id: true } })).map((f) => f.id);
    expect(await db().ledgerTransfer.count({ where: { sourceId: { in: ids } } })).toBe(3);

    const expected = [
      "hot devnet ETH 2000000000000000000 2000000000000000000 matched",
      "hot devnet USDC 25000000 25000000 matched",
      "hot devnet USDT 0 0 matched",
      "gas devnet ETH 1500000000000000000 1500000000000000000 matched",
      "gas devnet USDC 0 0 matched",
      "gas devnet USDT 0 0 matched",
    ];
    expect(summary(await reconcilePlatformWallets(db(), { livemode: false, networkId: "devnet" }))).toEqual(expected);

    // The operator's run: this merchant's report carries the wallets' lines, all matched.
    const [report] = (await reconcile(db(), { livemode: false })).filter((r) => r.merchantId === merchantId);
    expect(summary([...report!.hotWallets!, ...report!.gasWallets!].filter((l) => l.networkId === "devnet"))).toEqual(
      expected,
    );
    expect(report!.violations).toEqual([]);
    expect(report!.status).toBe("matched");

    // `npm run payrail -- reconcile` prints the platform wallets' lines.
    const cli = spawnSync(
      path.join(REPO_ROOT, "node_modules/.bin/tsx"),
      ["--tsconfig", "tsconfig.node.json", "scripts/cli.ts", "reconcile"],
      { cwd: REPO_ROOT, env: { ...process.env }, encoding: "utf8" },
    );
    expect(cli.stdout).toContain("Platform wallets, test mode: MATCHED\n");
    expect(cli.stdout).toMatch(
      new RegExp(` {2}hot +devnet +ETH +\\d+ +${hot.toLowerCase()} +2\\.00 +2\\.00 +matched\\n`),
    );
    expect(cli.stdout).toMatch(
      new RegExp(` {2}gas +devnet +ETH +\\d+ +${gas.toLowerCase()} +1\\.50 +1\\.50 +matched\\n`),
    );
    expect(cli.stdout).toMatch(
      new RegExp(` {2}hot +devnet +USDC +\\d+ +${hot.toLowerCase()} +25\\.00 +25\\.00 +matched\\n`),
    );
  });

  it("voids a pending funding reorged away, and reverses a posted one (posted again where the new chain re-includes it)", async () => {
    await mine("devnet", 12); // past the reorgs: only this test's blocks get replaced
    await tick(db(), { owner: OWNER });
    const filler = [{ from: FILLER, to: FILLER, value: "0x1" }, 0];

    // Pending (1 confirmation), then orphaned: voided.
    const pending = await payRaw({
      network: "devnet",
      asset: "ETH",
      to: hot,
      amount: ETH / 2n,
      accountIndex: OPERATOR,
    });
    await tick(db(), { owner: OWNER });
    const first = await db().operatorFunding.findFirstOrThrow({ where: { txHash: pending.hash } });
    expect(first.status).toBe("pending");
    await devnetRpc("devnet", "anvil_reorg", [3, [filler]]);
    await tick(db(), { owner: OWNER });
    expect((await db().operatorFunding.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("reorged");
    expect(
      (await db().ledgerTransfer.findMany({ where: { sourceId: first.id } })).map((t) => [
        t.status,
        t.amount.toFixed(0),
      ]),
    ).toEqual([["voided", "500000000000000000"]]);
    await settle();
    const hotEth = (lines: PlatformWalletLine[]) => summary(lines.filter((l) => l.asset === "ETH"));
    expect(hotEth(await reconcilePlatformWallets(db(), { livemode: false, networkId: "devnet" }))).toEqual([
      "hot devnet ETH 2000000000000000000 2000000000000000000 matched",
      "gas devnet ETH 1500000000000000000 1500000000000000000 matched",
    ]);

    // Confirmed and posted (5 deep), then orphaned and re-included 4 blocks into the new chain.
    await mine("devnet", 12);
    await tick(db(), { owner: OWNER });
    const posted = await payRaw({ network: "devnet", asset: "ETH", to: gas, amount: ETH / 4n, accountIndex: OPERATOR });
    await mine("devnet", 4);
    await tick(db(), { owner: OWNER });
    const second = await db().operatorFunding.findFirstOrThrow({ where: { txHash: posted.hash } });
    expect(second.status).toBe("confirmed");
    expect(hotEth(await reconcilePlatformWallets(db(), { livemode: false, networkId: "devnet" }))).toEqual([
      "hot devnet ETH 2000000000000000000 2000000000000000000 matched",
      "gas devnet ETH 1750000000000000000 1750000000000000000 matched",
    ]);
    await devnetRpc("devnet", "anvil_reorg", [5, [filler, [posted.raw, 4]]]);
    await tick(db(), { owner: OWNER });
    const oldKey = `opf:${second.id}@${posted.blockHash}`;
    const entries = await db().ledgerTransfer.findMany({
      where: { sourceId: second.id },
      orderBy: { createdAt: "asc" },
    });
    const back = await db().operatorFunding.findUniqueOrThrow({ where: { id: second.id } });
    expect(back.status).toBe("pending");
    expect(back.blockHash).not.toBe(posted.blockHash);
    expect(entries.map((t) => [t.key, t.status, t.amount.toFixed(0)])).toEqual([
      [oldKey, "posted", "250000000000000000"],
      [`${oldKey}:reversal`, "posted", "250000000000000000"],
      [`opf:${second.id}@${back.blockHash}`, "pending", "250000000000000000"],
    ]);
    // The reversal carries the orphaned block, so the pair nets to zero at any height.
    expect(entries[1]!.blockNumber).toBe(posted.blockNumber);
    await settle(4);
    expect((await db().operatorFunding.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("confirmed");
    expect(hotEth(await reconcilePlatformWallets(db(), { livemode: false, networkId: "devnet" }))).toEqual([
      "hot devnet ETH 2000000000000000000 2000000000000000000 matched",
      "gas devnet ETH 1750000000000000000 1750000000000000000 matched",
    ]);
    expect(await balance(operatorAccount("gas_wallet", scope("ETH")).id)).toEqual({
      debitsPending: 0n,
      debitsPosted: (3n * ETH) / 2n + ETH / 4n + ETH / 4n,
      creditsPending: 0n,
      creditsPosted: ETH / 4n,
    });
  });

  it("leaves out transfers to a platform wallet from Payrail's own addresses (a deposit address, the gas wallet)", async () => {
    const invoice = await createDevnetInvoice(merchantId, { amount: "0.10", currency: "ETH", network: "devnet" });
    await payRaw({ network: "devnet", asset: "ETH", to: invoice.address, amount: ETH / 10n, accountIndex: OPERATOR });
    const { derivationPath } = await db().depositAddress.findUniqueOrThrow({ where: { address: invoice.address } });
    const send = async (keyPath: string, value: bigint, seed: string | undefined) => {
      // Merchants' HD accounts come from the pool filled with the suite's seed; the platform wallets from this file's.
      const own = process.env.PAYRAIL_MASTER_SEED;
      process.env.PAYRAIL_MASTER_SEED = seed;
      resetEnvCache();
      const account = signerForPath(keyPath);
      process.env.PAYRAIL_MASTER_SEED = own;
      resetEnvCache();
      const wallet = createWalletClient({
        account,
        chain: devnetChain,
        transport: http(devnetRpcUrl("devnet")),
      });
      const hash = await wallet.sendTransaction({ to: hot, value });
      await createPublicClient({
        chain: devnetChain,
        transport: http(devnetRpcUrl("devnet")),
      }).waitForTransactionReceipt({ hash, pollingInterval: 50 });
      return hash.toLowerCase();
    };
    // A deposit key sending to the hot wallet (what a native sweep does), and the gas wallet sending it ETH.
    const fromDeposit = await send(derivationPath, ETH / 20n, suiteSeed);
    const fromGas = await send(platformKeyPath("gas", false), ETH / 100n, process.env.PAYRAIL_MASTER_SEED);
    await settle();
    expect(await db().operatorFunding.count({ where: { txHash: { in: [fromDeposit, fromGas] } } })).toBe(0);
    // Not the operator's funding: such movements are posted by the sweep or payout that makes them, so here, where
    // none did, the hot wallet's line shows exactly what arrived unposted.
    const [line] = (await reconcilePlatformWallets(db(), { livemode: false, networkId: "devnet" })).filter(
      (l) => l.role === "hot" && l.asset === "ETH",
    );
    expect(line!.onChain - line!.ledger).toBe(ETH / 20n + ETH / 100n);
    expect(line!.status).toBe("mismatch");
  });
});
