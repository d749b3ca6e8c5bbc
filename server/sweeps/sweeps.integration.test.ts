// Sweeps of deposit addresses with EIP-7702 on a real anvil (prague) and PostgreSQL, sent through the sender:
// exact balances on chain and in the ledger, and reconciliation matched after each.
import { beforeAll, describe, expect, it } from "vitest";
import { parseEther, zeroAddress, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { db, inTransaction } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { merchantAccount } from "@/server/ledger/chart-of-accounts";
import { platformAddress, signerForPath } from "@/server/wallets/platform-keys";
import { devnetRpcUrl } from "@/test/chains";
import { createTestMerchant, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import * as kit from "@/test/sweeps";
import { client, network, NETWORK, tokenAddress, tokenBalance, type Deposit } from "@/test/sweeps";
import { devnetWallet } from "@/scripts/lib/devnet-payment";
import { checkEip7702 } from "./check-eip7702";
import { prepareSweeps } from "./prepare-sweeps";
import { requestSweep } from "./request-sweep";
import { registerSweepHandlers, type SweepView } from "./sweep-handlers";
import { sweeperDeployment } from "./sweeper-deployment";
import "./sweep-transaction-handlers";

const OWNER = "sweeps-test";
const USDC = tokenAddress("USDC");
const USDT = tokenAddress("USDT");
const confirmed: SweepView[] = [];

beforeAll(async () => {
  registerSweepHandlers("withdrawal", { confirmed: async (_tx, s) => void confirmed.push(s) });
  registerSweepHandlers("consolidation", { confirmed: async (_tx, s) => void confirmed.push(s) });
  await prepareSweeps([network]);
  await kit.fundGasWallet();
  await tick(db(), { owner: OWNER, parts: ["chains"] });
});

const settlePayments = () => kit.settlePayments(OWNER);
const runSweeps = (sweepIds: string[]) => kit.runSweeps(OWNER, sweepIds, 20);
const paidDeposits = (merchantId: string, count: number, asset: "USDC" | "USDT", amount: bigint) =>
  kit.paidDeposits({ owner: OWNER, merchantId, asset, amounts: Array.from({ length: count }, () => amount), payer: 3 });
const withdraw = (merchantId: string, asset: string, to: Address, sources: Deposit[]) =>
  kit.requestWithdrawalSweep("test", merchantId, asset, to, sources);

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
