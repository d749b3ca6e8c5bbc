// Sweeps of deposit addresses with EIP-7702 on a real anvil (prague) and PostgreSQL, sent through the sender:
// exact balances on chain and in the ledger, and reconciliation matched after each.
import { beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, parseEther, zeroAddress, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { publicClientFor } from "@/server/chains/client";
import { DEVNET_TOKENS } from "@/server/chains/devnet-tokens";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db, inTransaction } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { formatDecimal } from "@/server/money";
import { merchantAccount } from "@/server/ledger/chart-of-accounts";
import { platformAddress, signerForPath } from "@/server/wallets/platform-keys";
import { createDevnetInvoice, devnetRpc, devnetRpcUrl } from "@/test/chains";
import { createTestMerchant, mine, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import { devnetWallet } from "@/scripts/lib/devnet-payment";
import { checkEip7702 } from "./check-eip7702";
import { prepareSweeps } from "./prepare-sweeps";
import { requestSweep } from "./request-sweep";
import { registerSweepHandlers, type SweepView } from "./sweep-handlers";
import { sweeperDeployment } from "./sweeper-deployment";
import "./sweep-transaction-handlers";

const NETWORK = "devnet" as const;
const network = findNetwork(NETWORK) as Network;
const client: PublicClient = publicClientFor(network);
const OWNER = "sweeps-test";
const USDC = DEVNET_TOKENS.find((t) => t.symbol === "USDC")!.address;
const USDT = DEVNET_TOKENS.find((t) => t.symbol === "USDT")!.address;
const confirmed: SweepView[] = [];

beforeAll(async () => {
  registerSweepHandlers("withdrawal", { confirmed: async (_tx, s) => void confirmed.push(s) });
  registerSweepHandlers("consolidation", { confirmed: async (_tx, s) => void confirmed.push(s) });
  await prepareSweeps([network]);
  await devnetRpc(NETWORK, "anvil_setBalance", [platformAddress("gas", false), `0x${parseEther("100").toString(16)}`]);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
});

const tokenBalance = (token: Address, address: Address) =>
  client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [address] });

/** Scan and confirm payments (3 confirmations on the devnet). */
async function settlePayments(): Promise<void> {
  await mine(NETWORK, 3);
  await scanToHead();
}

/** Run the chains part until the devnet's cursor is at its head. */
async function scanToHead(): Promise<void> {
  const head = await client.getBlockNumber();
  for (let i = 0; i < 50; i++) {
    const r = await tick(db(), { owner: OWNER, parts: ["chains"] });
    if (r.networks[NETWORK]?.error) console.warn(r.networks[NETWORK]?.error.slice(0, 200));
    const cursor = await db().networkCursor.findUnique({ where: { networkId: NETWORK } });
    if (cursor?.blockNumber != null && cursor.blockNumber >= head) {
      // One more pass confirms what the last range reached.
      await tick(db(), { owner: OWNER, parts: ["chains"] });
      return;
    }
  }
  throw new Error("the scanner did not reach the head");
}

/** Plan and send until the sweeps are confirmed (the sender confirms after 3 blocks). */
async function runSweeps(sweepIds: string[]): Promise<void> {
  for (let i = 0; i < 20; i++) {
    // The sweeps part's clock runs a minute ahead per pass, so an item deferred by a pass is retried by the next.
    const at = new Date(Date.now() + i * 60_000);
    await tick(db(), { owner: OWNER, parts: ["sweeps", "sender"], now: () => at });
    const open = await db().sweep.count({
      where: { id: { in: sweepIds }, status: { notIn: ["confirmed", "failed"] } },
    });
    if (open === 0) break;
    if (i === 19)
      console.warn(
        await db().sweepItem.findMany({
          where: { sweepId: { in: sweepIds } },
          select: { status: true, attempts: true, failureReason: true },
        }),
      );
    await mine(NETWORK, 1);
  }
  await mine(NETWORK, 3);
  await scanToHead();
}

/** Paid invoices of `amount` base units each, confirmed; returns their deposit addresses with their key paths. */
async function paidDeposits(merchantId: string, count: number, currency: "USDC" | "USDT", amount: bigint) {
  const out: { address: Address; keyPath: string; amount: bigint }[] = [];
  // Ten at a time: the scanner and the confirmer keep each of their transactions small on a loaded machine.
  for (let i = 0; i < count; i++) {
    const inv = await createDevnetInvoice(merchantId, { amount: formatDecimal(amount, 6), currency, network: NETWORK });
    await pay({ network: NETWORK, asset: currency, to: inv.address, amount, accountIndex: 3 });
    const dep = await db().depositAddress.findUniqueOrThrow({ where: { address: inv.address } });
    out.push({ address: inv.address, keyPath: dep.derivationPath, amount });
    if (out.length % 10 === 0 || i === count - 1) await settlePayments();
  }
  const addresses = out.map((o) => o.address.toLowerCase());
  for (let i = 0; i < 30; i++) {
    const pending = await db().payment.count({ where: { toAddress: { in: addresses }, status: { not: "confirmed" } } });
    const seen = await db().payment.count({ where: { toAddress: { in: addresses } } });
    if (pending === 0 && seen === count) return out;
    await settlePayments();
  }
  throw new Error("payments did not confirm");
}

function withdraw(
  merchantId: string,
  asset: string,
  to: Address,
  sources: { address: Address; keyPath: string; amount: bigint }[],
) {
  const scope = { merchantId, livemode: false, networkId: NETWORK, asset };
  return inTransaction(db(), (tx) =>
    requestSweep(tx, {
      key: `test:${to}`,
      networkId: NETWORK,
      livemode: false,
      merchantId,
      asset,
      to,
      purpose: "withdrawal",
      sourceId: `wd_test_${to.slice(2, 10)}`,
      debitAccountId: merchantAccount("available", scope).id,
      sources,
    }),
  );
}

describe("sweeps with EIP-7702", () => {
  it("the devnet runs prague: a delegation executes", async () => {
    expect(await checkEip7702(client)).toEqual({ available: true });
  });

  it("sweeps 50 paid invoices in one transaction paid by the gas wallet; no ETH reaches a deposit address", async () => {
    const { merchantId } = await createTestMerchant();
    const deposits = await paidDeposits(merchantId, 50, "USDC", 1_000_000n);
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const { id, created } = await withdraw(merchantId, "USDC", to, deposits);
    expect(created).toBe(true);
    expect(await withdraw(merchantId, "USDC", to, deposits)).toEqual({ id, created: false });

    await runSweeps([id]);

    const txs = await db().outgoingTransaction.findMany({
      where: {
        purpose: "sweep",
        sourceId: {
          in: (await db().sweepItem.findMany({ where: { sweepId: id }, select: { batchId: true } })).map(
            (i) => i.batchId!,
          ),
        },
      },
    });
    expect(txs.length).toBeLessThanOrEqual(3);
    expect(txs.map((t) => t.status)).toEqual(txs.map(() => "confirmed"));
    expect(await tokenBalance(USDC, to)).toBe(50_000_000n);
    for (const d of deposits) {
      expect(await tokenBalance(USDC, d.address)).toBe(0n);
      expect(await client.getBalance({ address: d.address })).toBe(0n);
    }
    // Nothing the platform sent went to a deposit address.
    const toDeposits = await db().outgoingTransaction.count({
      where: { toAddress: { in: deposits.map((d) => d.address.toLowerCase()) } },
    });
    expect(toDeposits).toBe(0);
    const sweep = await db().sweep.findUniqueOrThrow({ where: { id } });
    expect(sweep.status).toBe("confirmed");
    expect(confirmed.find((s) => s.id === id)).toMatchObject({ amount: 50_000_000n, sweptAmount: 50_000_000n });
    const transfers = await db().ledgerTransfer.findMany({ where: { key: { startsWith: "sweep:swi_" }, merchantId } });
    expect(transfers).toHaveLength(50);
    expect(
      transfers.every((t) => t.status === "posted" && t.blockNumber !== null && t.txHash === txs[0]!.minedHash),
    ).toBe(true);
    const available = await db().ledgerAccount.findUniqueOrThrow({
      where: {
        id: merchantAccount("available", { merchantId, livemode: false, networkId: NETWORK, asset: "USDC" }).id,
      },
    });
    expect(available.creditsPosted.toFixed(0)).toBe("50000000");
    expect(available.debitsPosted.toFixed(0)).toBe("50000000");
    await expectMatched(merchantId);

    // A late ETH payment to a delegated address still lands (receive()), and is swept to the hot wallet.
    const late = deposits[0]!;
    expect((await client.getCode({ address: late.address }))?.toLowerCase()).toBe(
      `0xef0100${sweeperDeployment(platformAddress("gas", false)).address.slice(2)}`.toLowerCase(),
    );
    await pay({ network: NETWORK, asset: "ETH", to: late.address, amount: parseEther("0.01"), accountIndex: 3 });
    expect(await client.getBalance({ address: late.address })).toBe(parseEther("0.01"));
    await settlePayments();
    const hot = platformAddress("hot", false);
    const hotBefore = await client.getBalance({ address: hot });
    const scope = { merchantId, livemode: false, networkId: NETWORK, asset: "ETH" };
    const consolidation = await inTransaction(db(), (tx) =>
      requestSweep(tx, {
        key: `test:late:${late.address}`,
        networkId: NETWORK,
        livemode: false,
        merchantId,
        asset: "ETH",
        to: hot,
        purpose: "consolidation",
        sourceId: "consolidation_test",
        debitAccountId: merchantAccount("custody_hot", scope).id,
        sources: [{ ...late, amount: parseEther("0.01") }],
      }),
    );
    await runSweeps([consolidation.id]);
    expect(await client.getBalance({ address: late.address })).toBe(0n);
    expect((await client.getBalance({ address: hot })) - hotBefore).toBe(parseEther("0.01"));
    // Already delegated: no new authorization was needed.
    const item = await db().sweepItem.findFirstOrThrow({ where: { sweepId: consolidation.id } });
    expect(item).toMatchObject({ status: "confirmed", authorization: null });
    await expectMatched(merchantId);
  }, 300_000);

  it("sweeps the USDT-like token (transfer returns nothing)", async () => {
    const { merchantId } = await createTestMerchant();
    const deposits = await paidDeposits(merchantId, 3, "USDT", 2_000_000n);
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const { id } = await withdraw(merchantId, "USDT", to, deposits);
    await runSweeps([id]);
    expect(await tokenBalance(USDT, to)).toBe(6_000_000n);
    for (const d of deposits) expect(await tokenBalance(USDT, d.address)).toBe(0n);
    expect((await db().sweep.findUniqueOrThrow({ where: { id } })).status).toBe("confirmed");
    await expectMatched(merchantId);
  }, 120_000);

  it("splits out a stale authorization, signs it again with the current nonce and sweeps every address", async () => {
    const { merchantId } = await createTestMerchant();
    const deposits = await paidDeposits(merchantId, 4, "USDC", 3_000_000n);
    // Make one address's nonce-0 authorization stale: its key delegates it elsewhere first (nonce becomes 1).
    const stale = deposits[2]!;
    const signer = signerForPath(stale.keyPath);
    const elsewhere = await signer.signAuthorization!({ chainId: network.chainId, address: USDC, nonce: 0 });
    const { wallet } = devnetWallet(devnetRpcUrl(NETWORK), NETWORK, 4);
    const hash = await wallet.sendTransaction({
      to: zeroAddress,
      data: "0x",
      authorizationList: [elsewhere],
    });
    await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    expect(await client.getTransactionCount({ address: stale.address })).toBe(1);

    const to = privateKeyToAccount(generatePrivateKey()).address;
    const { id } = await withdraw(merchantId, "USDC", to, deposits);
    await runSweeps([id]);

    expect(await tokenBalance(USDC, to)).toBe(12_000_000n);
    for (const d of deposits) expect(await tokenBalance(USDC, d.address)).toBe(0n);
    const items = await db().sweepItem.findMany({ where: { sweepId: id } });
    const staleItem = items.find((i) => i.address === stale.address.toLowerCase())!;
    expect(staleItem).toMatchObject({ status: "confirmed" });
    expect((staleItem.authorization as { nonce: number }).nonce).toBe(1);
    // The stale address went alone; the others in batches without it.
    const batchOf = (batchId: string | null) => items.filter((i) => i.batchId === batchId);
    expect(batchOf(staleItem.batchId)).toHaveLength(1);
    expect(items.every((i) => i.status === "confirmed")).toBe(true);
    await expectMatched(merchantId);
  }, 120_000);
});
