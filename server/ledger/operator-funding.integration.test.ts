import { spawnSync } from "node:child_process";
import path from "node:path";
import { createPublicClient, createWalletClient, defineChain, http, parseEther } from "viem";
import { english, generateMnemonic } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "@/scripts/lib/local-files";
import { anvilTestAccounts } from "@/server/chains/devnet-tokens";
import { db } from "@/server/db";
import { resetEnvCache } from "@/server/env";
import { tick } from "@/server/jobs/tick";
import { formatDecimal } from "@/server/money";
import { platformAddress, platformKeyPath, signerForPath } from "@/server/wallets/platform-keys";
import { recordPlatformWallets } from "@/server/withdrawals/record-platform-wallets";
import { createDevnetInvoice, devnetRpc, devnetRpcUrl, payRaw } from "@/test/chains";
import { createTestMerchant, mine } from "@/test/fixtures";
import { reconcile, reconcilePlatformWallets, type PlatformWalletLine } from "./reconcile";

// The operator funds the platform gas and hot wallets from an address of its own: the watcher posts each funding as
// operator funding (operator:funding → the wallet's operator account), so the operator's reconciliation keeps the
// wallets' lines where they were: `matched` on a fresh stack (this file run alone). A funding reorged away is voided
// (pending) or reversed (posted).
//
// The wallets and their ledger accounts (per network, asset and mode) are the suite's, shared with other files that
// top the wallets up with anvil_setBalance, which no ledger sees. So every check here is exact on what this file
// adds (each funding's rows and ledger entries, each line's on-chain and ledger change), and the line's difference
// (on chain − ledger) and status are what they were before: no difference, matched, on a fresh stack.

const OWNER = "operator-funding-test";
const OPERATOR = 7; // anvil test account standing for the operator's own wallet
const operator = anvilTestAccounts(OPERATOR + 1)[OPERATOR]!.address.toLowerCase();
const FILLER = anvilTestAccounts(9)[8]!.address;
const ETH = 10n ** 18n;
const devnetChain = defineChain({
  id: 31337,
  name: "devnet",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [] } },
});

let gas: `0x${string}`;
let hot: `0x${string}`;
let merchantId: string;

beforeAll(async () => {
  await recordPlatformWallets(db());
  gas = platformAddress("gas", false);
  hot = platformAddress("hot", false);
  ({ merchantId } = await createTestMerchant());
  // A deposit address, so the operator's run has this merchant's report to carry the wallets' lines.
  await createDevnetInvoice(merchantId, { amount: "1.00", currency: "USDC", network: "devnet" });
  await tick(db(), { owner: OWNER });
});

/** Mine on both devnets and run the worker's tick: what was sent reaches its 3 confirmations. */
async function settle(blocks = 2): Promise<void> {
  await mine("devnet", blocks);
  await mine("devnet-b", blocks);
  await tick(db(), { owner: OWNER });
}

type Lines = Map<string, PlatformWalletLine>;

/** The devnet's platform wallet lines by `role/asset`. */
async function walletLines(): Promise<Lines> {
  const lines = await reconcilePlatformWallets(db(), { livemode: false, networkId: "devnet" });
  return new Map(lines.map((l) => [`${l.role}/${l.asset}`, l]));
}

/** Each line's change between two reports: on chain, in the ledger, and whether its difference and status held. */
function changes(before: Lines, after: Lines) {
  return Object.fromEntries(
    [...after].map(([key, a]) => {
      const b = before.get(key)!;
      return [
        key,
        {
          onChain: a.onChain - b.onChain,
          ledger: a.ledger - b.ledger,
          difference: a.onChain - a.ledger - (b.onChain - b.ledger),
          status: a.status === b.status ? "unchanged" : `${b.status} -> ${a.status}`,
        },
      ];
    }),
  );
}

const same = { onChain: 0n, ledger: 0n, difference: 0n, status: "unchanged" };
const funded = (amount: bigint) => ({ onChain: amount, ledger: amount, difference: 0n, status: "unchanged" });

async function entriesOf(fundingId: string) {
  const rows = await db().ledgerTransfer.findMany({
    where: { sourceId: fundingId },
    orderBy: { createdAt: "asc" },
    include: { debitAccount: { select: { code: true } }, creditAccount: { select: { code: true } } },
  });
  return rows.map((t) => ({
    key: t.key,
    debit: t.debitAccount.code,
    credit: t.creditAccount.code,
    asset: t.asset,
    amount: t.amount.toFixed(0),
    status: t.status,
  }));
}

describe("operator funding of the platform wallets", () => {
  it("posts the operator's ETH to the hot and gas wallets (and USDC to the hot wallet) once, at 3 confirmations; the lines stay matched", async () => {
    await settle();
    const before = await walletLines();
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

    const hashes = [toHot.hash, toGas.hash, usdc.hash];
    const fundings = await db().operatorFunding.findMany({
      where: { txHash: { in: hashes } },
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    });
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
    // Pending at detection, posted at the confirmations.
    const [fHot, fGas, fUsdc] = fundings as [(typeof fundings)[0], (typeof fundings)[0], (typeof fundings)[0]];
    const entry = (f: (typeof fundings)[0], debit: string, amount: string, status: string) => ({
      key: `opf:${f.id}@${f.blockHash}`,
      debit,
      credit: "operator:funding",
      asset: f.asset,
      amount,
      status,
    });
    expect(await entriesOf(fGas.id)).toEqual([entry(fGas, "operator:gas_wallet", "1500000000000000000", "pending")]);

    await settle();
    expect((await db().operatorFunding.findMany({ where: { txHash: { in: hashes } } })).map((f) => f.status)).toEqual([
      "confirmed",
      "confirmed",
      "confirmed",
    ]);
    expect(await entriesOf(fHot.id)).toEqual([entry(fHot, "operator:hot_wallet_gas", "2000000000000000000", "posted")]);
    expect(await entriesOf(fGas.id)).toEqual([entry(fGas, "operator:gas_wallet", "1500000000000000000", "posted")]);
    expect(await entriesOf(fUsdc.id)).toEqual([entry(fUsdc, "operator:hot_wallet_funds", "25000000", "posted")]);

    // Exactly once: more scans post nothing more.
    await settle();
    expect(await db().ledgerTransfer.count({ where: { sourceId: { in: fundings.map((f) => f.id) } } })).toBe(3);

    const after = await walletLines();
    expect(changes(before, after)).toEqual({
      "hot/ETH": funded(2n * ETH),
      "hot/USDC": funded(25_000_000n),
      "hot/USDT": same,
      "gas/ETH": funded((3n * ETH) / 2n),
      "gas/USDC": same,
      "gas/USDT": same,
    });
    // On a fresh stack (this file alone) every line was and is matched.
    for (const [key, line] of after)
      expect([key, line.status]).toEqual([key, line.onChain === line.ledger ? "matched" : "mismatch"]);

    // The operator's run: this merchant's report carries the same lines.
    const [report] = (await reconcile(db(), { livemode: false })).filter((r) => r.merchantId === merchantId);
    const carried = [...report!.hotWallets!, ...report!.gasWallets!].filter((l) => l.networkId === "devnet");
    expect(carried.map((l) => [l.role, l.asset, l.onChain, l.ledger, l.status])).toEqual(
      [...after.values()].map((l) => [l.role, l.asset, l.onChain, l.ledger, l.status]),
    );
    expect(report!.violations).toEqual([]);

    // `npm run payrail -- reconcile` prints the platform wallets' lines.
    const cli = spawnSync(
      path.join(REPO_ROOT, "node_modules/.bin/tsx"),
      ["--tsconfig", "tsconfig.node.json", "scripts/cli.ts", "reconcile"],
      { cwd: REPO_ROOT, env: { ...process.env }, encoding: "utf8" },
    );
    expect(cli.stdout).toMatch(/\nPlatform wallets, test mode: (MATCHED|MISMATCH)\n/);
    for (const key of ["hot/ETH", "gas/ETH", "hot/USDC"]) {
      const l = after.get(key)!;
      const fmt = (v: bigint) => formatDecimal(v, l.decimals, 2).replace(".", "\\.");
      expect(cli.stdout).toMatch(
        new RegExp(
          ` {2}${l.role} +devnet +${l.asset} +\\d+ +${l.address} +${fmt(l.onChain)} +${fmt(l.ledger)} +${l.status}\\n`,
        ),
      );
    }
  });

  it("voids a pending funding reorged away, and reverses a posted one (posted again where the new chain re-includes it)", async () => {
    await mine("devnet", 12); // past the reorgs: only this test's blocks get replaced
    await tick(db(), { owner: OWNER });
    const before = await walletLines();
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
    expect((await entriesOf(first.id)).map((e) => [e.key, e.status, e.amount])).toEqual([
      [`opf:${first.id}@${pending.blockHash}`, "voided", "500000000000000000"],
    ]);
    await settle();
    expect(changes(before, await walletLines())).toMatchObject({ "hot/ETH": same, "gas/ETH": same });

    // Confirmed and posted (5 deep), then orphaned and re-included 4 blocks into the new chain: reversed, then
    // recorded again at its new block, pending, and posted at its confirmations.
    await mine("devnet", 12);
    await tick(db(), { owner: OWNER });
    const posted = await payRaw({ network: "devnet", asset: "ETH", to: gas, amount: ETH / 4n, accountIndex: OPERATOR });
    await mine("devnet", 4);
    await tick(db(), { owner: OWNER });
    const second = await db().operatorFunding.findFirstOrThrow({ where: { txHash: posted.hash } });
    expect(second.status).toBe("confirmed");
    expect(changes(before, await walletLines())).toMatchObject({ "hot/ETH": same, "gas/ETH": funded(ETH / 4n) });
    await devnetRpc("devnet", "anvil_reorg", [5, [filler, [posted.raw, 4]]]);
    await tick(db(), { owner: OWNER });
    const oldKey = `opf:${second.id}@${posted.blockHash}`;
    const back = await db().operatorFunding.findUniqueOrThrow({ where: { id: second.id } });
    expect(back.status).toBe("pending");
    expect(back.blockHash).not.toBe(posted.blockHash);
    // The reversal and the new entry are written by one transaction (at the same time): compared in key order.
    const byKey = (rows: string[][]) => rows.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    const pendingKey = `opf:${second.id}@${back.blockHash}`;
    expect(byKey((await entriesOf(second.id)).map((e) => [e.key, e.debit, e.credit, e.status, e.amount]))).toEqual(
      byKey([
        [oldKey, "operator:gas_wallet", "operator:funding", "posted", "250000000000000000"],
        [`${oldKey}:reversal`, "operator:funding", "operator:gas_wallet", "posted", "250000000000000000"],
        [pendingKey, "operator:gas_wallet", "operator:funding", "pending", "250000000000000000"],
      ]),
    );
    // The reversal carries the orphaned block, so the pair nets to zero at any height.
    const reversal = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `${oldKey}:reversal` } });
    expect(reversal.blockNumber).toBe(posted.blockNumber);
    await settle(4);
    expect((await db().operatorFunding.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("confirmed");
    expect((await entriesOf(second.id)).map((e) => e.status)).toEqual(["posted", "posted", "posted"]);
    expect(changes(before, await walletLines())).toMatchObject({ "hot/ETH": same, "gas/ETH": funded(ETH / 4n) });
  });

  it("leaves out transfers to a platform wallet from Payrail's own addresses (a deposit address, the gas wallet)", async () => {
    // Wallets of a seed of their own, so that the ETH sent here unposted lands on addresses no other file uses.
    const suiteSeed = process.env.PAYRAIL_MASTER_SEED;
    const seed = generateMnemonic(english);
    const withSeed = async <T>(s: string | undefined, f: () => T | Promise<T>): Promise<T> => {
      process.env.PAYRAIL_MASTER_SEED = s;
      resetEnvCache();
      try {
        return await f();
      } finally {
        process.env.PAYRAIL_MASTER_SEED = suiteSeed;
        resetEnvCache();
      }
    };
    const ownHot = await withSeed(seed, () => platformAddress("hot", false));
    const ownGas = await withSeed(seed, () => signerForPath(platformKeyPath("gas", false)));
    try {
      await withSeed(seed, () => recordPlatformWallets(db()));
      await devnetRpc("devnet", "anvil_setBalance", [ownGas.address, `0x${parseEther("1").toString(16)}`]);
      const invoice = await createDevnetInvoice(merchantId, { amount: "0.10", currency: "ETH", network: "devnet" });
      await payRaw({ network: "devnet", asset: "ETH", to: invoice.address, amount: ETH / 10n, accountIndex: OPERATOR });
      const { derivationPath } = await db().depositAddress.findUniqueOrThrow({ where: { address: invoice.address } });
      const send = async (account: ReturnType<typeof signerForPath>, value: bigint) => {
        const transport = http(devnetRpcUrl("devnet"));
        const hash = await createWalletClient({ account, chain: devnetChain, transport }).sendTransaction({
          to: ownHot,
          value,
        });
        await createPublicClient({ chain: devnetChain, transport }).waitForTransactionReceipt({
          hash,
          pollingInterval: 50,
        });
        return hash.toLowerCase();
      };
      // A deposit key sending to the hot wallet (what a native sweep does), and the gas wallet sending it ETH.
      const fromDeposit = await send(signerForPath(derivationPath), ETH / 20n);
      const fromGas = await send(ownGas, ETH / 100n);
      // A stranger's transfer in the same blocks is a funding: the watcher did look. (Its 7 wei are posted to the mode's
      // operator:hot_wallet_gas, shared with the suite's hot wallet: other files check that line's changes only.)
      const stranger = await payRaw({
        network: "devnet",
        asset: "ETH",
        to: ownHot,
        amount: 7n,
        accountIndex: OPERATOR,
      });
      await settle();
      const rows = await db().operatorFunding.findMany({
        where: { txHash: { in: [fromDeposit, fromGas, stranger.hash] } },
      });
      expect(rows.map((r) => [r.txHash, r.role, r.amount.toFixed(0)])).toEqual([[stranger.hash, "hot", "7"]]);
      expect(await db().ledgerTransfer.count({ where: { txHash: { in: [fromDeposit, fromGas] } } })).toBe(0);
    } finally {
      await recordPlatformWallets(db());
    }
  });
});
