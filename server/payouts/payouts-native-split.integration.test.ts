// Native ETH payouts (single and a small batch: one value transfer each) and a token batch transaction that reverts
// on chain (one recipient blacklisted by the USDT-like token after planning): the batch is split and re-planned,
// only the blacklisted recipient's payout fails. Exact on-chain and ledger amounts; reconciliation matched.
import { beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, parseAbi, parseEther, type Address, type Hex, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { POST as createRoute } from "@/app/api/v1/payouts/route";
import { POST as createBatchRoute } from "@/app/api/v1/payout_batches/route";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { getBalances } from "@/server/ledger/get-balances";
import { toBigInt } from "@/server/money";
import { prepareSweeps } from "@/server/sweeps/prepare-sweeps";
import { platformAddress } from "@/server/wallets/platform-keys";
import { devnetWallet } from "@/scripts/lib/devnet-payment";
import { createDevnetInvoice, devnetRpc, devnetRpcUrl } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import type { PayoutBatchResponse, PayoutResponse } from "./payout.schema";

const OWNER = "payouts-native-split-test";
const network = findNetwork("devnet") as Network;
const client: PublicClient = publicClientFor(network);
const USDT = network.assets.find((a) => a.symbol === "USDT")!.tokenAddress as Address;
let key: string;
let merchantId: string;

const freshAddress = () => privateKeyToAccount(generatePrivateKey()).address;
const usdtOf = (address: Address) =>
  client.readContract({ address: USDT, abi: erc20Abi, functionName: "balanceOf", args: [address] });

async function available(asset: string): Promise<bigint> {
  const b = (await getBalances(db(), { merchantId, livemode: false })).find(
    (x) => x.networkId === "devnet" && x.asset === asset,
  );
  return b?.available ?? 0n;
}

/** One pass of the worker parts that move money, then a block; `beforeSender` runs between planning and sending. */
async function pass(beforeSender?: () => Promise<void>): Promise<void> {
  for (const part of ["chains", "payouts", "sweeps"] as const) await tick(db(), { owner: OWNER, parts: [part] });
  await beforeSender?.();
  await tick(db(), { owner: OWNER, parts: ["sender"] });
  await mine("devnet", 1);
}

async function drive(done: () => Promise<boolean>, beforeSender?: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await done()) return;
    await pass(beforeSender);
  }
  throw new Error("payouts did not settle in 50 passes");
}

const settled = (ids: string[]) => async () =>
  (await db().payout.count({ where: { id: { in: ids }, status: { in: ["confirmed", "failed"] } } })) === ids.length;

async function fundMerchant(currency: "ETH" | "USDT", amount: string, units: bigint): Promise<void> {
  const invoice = await createDevnetInvoice(merchantId, { amount, currency, network: "devnet" });
  await pay({ network: "devnet", asset: currency, to: invoice.address as Address, amount: units, accountIndex: 7 });
  await mine("devnet", 3);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
  await tick(db(), { owner: OWNER, parts: ["chains"] });
}

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  for (const role of ["hot", "gas"] as const)
    await devnetRpc("devnet", "anvil_setBalance", [
      platformAddress(role, false),
      `0x${parseEther("100").toString(16)}`,
    ]);
  await prepareSweeps([network]);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
  await fundMerchant("ETH", "0.5", parseEther("0.5"));
  await fundMerchant("USDT", "100.00", 100_000_000n);
  expect([await available("ETH"), await available("USDT")]).toEqual([parseEther("0.5"), 100_000_000n]);
});

/** The receipt fee of a payout's own transaction. */
async function feeOf(txHash: string | null): Promise<bigint> {
  const r = await client.getTransactionReceipt({ hash: txHash as Hex });
  return r.gasUsed * r.effectiveGasPrice;
}

describe("native ETH payouts and split batches", () => {
  it("pays ETH: a single payout and a batch of three, one value transfer each, exact amounts and fees", async () => {
    const single = freshAddress();
    const res = await createRoute(
      apiRequest("POST", "/api/v1/payouts", {
        key,
        body: { network: "devnet", asset: "ETH", amount: "0.0125", address: single },
      }),
      params({}),
    );
    const created = (await res.json()) as PayoutResponse;
    expect(res.status).toBe(201);
    const items = [freshAddress(), freshAddress(), freshAddress()].map((address, n) => ({
      address,
      wei: parseEther("0.01") * BigInt(n + 1),
    }));
    const bres = await createBatchRoute(
      apiRequest("POST", "/api/v1/payout_batches", {
        key,
        body: {
          network: "devnet",
          asset: "ETH",
          items: items.map((i, n) => ({ address: i.address, amount: `0.0${n + 1}`, reference: `eth-${n}` })),
        },
      }),
      params({}),
    );
    const batch = (await bres.json()) as PayoutBatchResponse;
    expect([bres.status, batch.count, batch.total]).toEqual([201, 3, "0.06"]);
    const batchPayouts = await db().payout.findMany({ where: { batchId: batch.id }, orderBy: { batchIndex: "asc" } });
    const ids = [created.id, ...batchPayouts.map((p) => p.id)];
    await drive(settled(ids));

    expect(await client.getBalance({ address: single })).toBe(parseEther("0.0125"));
    for (const i of items) expect(await client.getBalance({ address: i.address })).toBe(i.wei);
    const payouts = await db().payout.findMany({ where: { id: { in: ids } } });
    expect(payouts.map((p) => p.status)).toEqual(["confirmed", "confirmed", "confirmed", "confirmed"]);
    // One value transfer per payout (purpose payout), each fee on its payout and in the ledger.
    expect(new Set(payouts.map((p) => p.txHash)).size).toBe(4);
    for (const p of payouts) {
      expect(p.outgoingKey).toBe(`payout:${p.id}`);
      const fee = await feeOf(p.txHash);
      expect(toBigInt(p.networkFee!)).toBe(fee);
      const otx = await db().outgoingTransaction.findUniqueOrThrow({ where: { key: p.outgoingKey! } });
      const posting = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `network_fee:${otx.id}` } });
      expect(toBigInt(posting.amount)).toBe(fee);
      const transfer = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${p.id}` } });
      expect([transfer.status, toBigInt(transfer.amount)]).toEqual(["posted", toBigInt(p.amount)]);
    }
    expect(await available("ETH")).toBe(parseEther("0.5") - parseEther("0.0725"));
    await expectMatched(merchantId);
  }, 240_000);

  it("a batch transaction that reverts (one recipient blacklisted after planning) is split: only that payout fails", async () => {
    const recipients = [freshAddress(), freshAddress(), freshAddress(), freshAddress()];
    const units = [1_000_000n, 2_000_000n, 3_000_000n, 4_000_000n];
    const bad = recipients[2]!;
    const res = await createBatchRoute(
      apiRequest("POST", "/api/v1/payout_batches", {
        key,
        body: {
          network: "devnet",
          asset: "USDT",
          items: recipients.map((address, n) => ({ address, amount: `${n + 1}.00`, reference: `split-${n}` })),
        },
      }),
      params({}),
    );
    const batch = (await res.json()) as PayoutBatchResponse;
    expect([res.status, batch.count]).toEqual([201, 4]);
    const payouts = await db().payout.findMany({ where: { batchId: batch.id }, orderBy: { batchIndex: "asc" } });
    const ids = payouts.map((p) => p.id);

    // Once the four are planned into one executor transaction, and before it is sent, the token blacklists one.
    let blacklisted = false;
    const { wallet } = devnetWallet(devnetRpcUrl("devnet"), "devnet", 8);
    await drive(settled(ids), async () => {
      if (blacklisted) return;
      const planned = await db().payout.count({
        where: { id: { in: ids }, outgoingKey: { startsWith: "payout_batch:" } },
      });
      if (planned !== 4) return;
      const hash = await wallet.writeContract({
        address: USDT,
        abi: parseAbi(["function addBlackList(address account)"]),
        functionName: "addBlackList",
        args: [bad],
      });
      await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      blacklisted = true;
    });
    expect(blacklisted).toBe(true);

    // The first transaction carried all four and reverted; nothing moved by it.
    const first = await db().outgoingTransaction.findFirstOrThrow({
      where: { purpose: "payout_batch", sourceId: batch.id },
      orderBy: { createdAt: "asc" },
    });
    expect([first.status, first.receiptStatus]).toEqual(["confirmed", "reverted"]);
    const after = await db().payout.findMany({ where: { id: { in: ids } }, orderBy: { batchIndex: "asc" } });
    expect(after.map((p) => p.status)).toEqual(["confirmed", "confirmed", "failed", "confirmed"]);
    expect(after.every((p) => p.outgoingKey !== first.key)).toBe(true);
    expect(after.map((p) => p.splitGroup)).toEqual(["0", "0", "1", "1"]);
    for (const [n, r] of recipients.entries()) expect(await usdtOf(r)).toBe(r === bad ? 0n : units[n]!);
    const ledger = await db().ledgerTransfer.findMany({
      where: { key: { in: ids.map((id) => `payout:${id}`) } },
      select: { key: true, status: true },
    });
    expect(Object.fromEntries(ledger.map((t) => [t.key, t.status]))).toEqual(
      Object.fromEntries(ids.map((id, n) => [`payout:${id}`, n === 2 ? "voided" : "posted"])),
    );
    expect(await available("USDT")).toBe(100_000_000n - 7_000_000n);
    const events = await db().event.findMany({ where: { merchantId, type: "payout.failed" }, select: { data: true } });
    expect(events.map((e) => (e.data as { object: { id: string } }).object.id)).toEqual([ids[2]]);
    await expectMatched(merchantId);
  }, 240_000);
});
