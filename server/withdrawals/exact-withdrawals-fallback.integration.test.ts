// Exact auto-withdrawal amounts on a network swept without EIP-7702 (the flag forced off for the devnet): the
// deposit key's token transfer carries exactly the withdrawal's part of its balance, the rest stays on the address;
// a native part leaves the address exactly, arriving less its own gas (credited back to available by the operator's
// gas float). Exact balances on chain and in the ledger; reconciliation matched after each test.
import { beforeAll, describe, expect, it } from "vitest";
import { parseEther, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { toBigInt } from "@/server/money";
import { forceSweepFallback, usesEip7702 } from "@/server/sweeps/prepare-sweeps";
import "@/server/sweeps/sweep-transaction-handlers";
import { recordPlatformWallets } from "./record-platform-wallets";
import { createTestMerchant } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import * as kit from "@/test/sweeps";
import { balanceOf, client, network, NETWORK, tokenAddress } from "@/test/sweeps";

const OWNER = "exact-withdrawals-fallback-test";
const PAYER = 9;
const USDC = tokenAddress("USDC");

const usdcOf = (address: Address) => balanceOf("USDC", address);

async function paidInvoice(merchantId: string, asset: "USDC" | "ETH", amount: bigint): Promise<Address> {
  const [deposit] = await kit.paidDeposits({ owner: OWNER, merchantId, asset, amounts: [amount], payer: PAYER });
  return deposit!.address;
}

const balance = kit.ledgerBalance;

async function withdrawalUnderRule(
  key: string,
  body: { asset: "USDC" | "ETH"; address: Address; threshold: string; keep: string },
): Promise<string> {
  await kit.setRule(key, body);
  const created = await kit.planWithdrawals(OWNER);
  expect(created).toHaveLength(1);
  return created[0]!;
}

/** Fund, transfer, confirm: a few passes per address, each later than the last (deferred items wait 30 s). */
const settle = (withdrawalId: string) => kit.settleWithdrawal(OWNER, withdrawalId, { passes: 40 });

async function transactionsOf(withdrawalId: string, purpose: string) {
  const w = await db().withdrawal.findUniqueOrThrow({ where: { id: withdrawalId }, select: { sweepId: true } });
  const items = await db().sweepItem.findMany({ where: { sweepId: w.sweepId! } });
  const rows = await db().outgoingTransaction.findMany({
    where: { purpose, sourceId: { in: items.map((i) => i.batchId!) } },
  });
  return {
    items: items.map((i) => ({ address: i.address, amount: toBigInt(i.amount), status: i.status })),
    sent: rows.map((r) => ({
      to: r.toAddress,
      hash: r.minedHash as `0x${string}`,
      value: toBigInt(r.value),
      data: r.data,
      fee: toBigInt(r.gasUsed!) * toBigInt(r.effectiveGasPrice!),
      gasUsed: toBigInt(r.gasUsed!),
    })),
  };
}

beforeAll(async () => {
  forceSweepFallback(NETWORK);
  await recordPlatformWallets(db());
  await kit.fundGasWallet();
  await kit.scanToHead(OWNER);
});

describe("exact auto-withdrawals without EIP-7702 (fallback)", () => {
  it("uses the fallback on the devnet once the flag is off", () => {
    expect(usesEip7702(network)).toBe(false);
  });

  it("one 1,000 USDC deposit, threshold 500, keep 100: the deposit key transfers exactly 900, 100 stay", async () => {
    const { merchantId, key } = await createTestMerchant();
    const deposit = await paidInvoice(merchantId, "USDC", 1_000_000_000n);
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const withdrawalId = await withdrawalUnderRule(key, { asset: "USDC", address: to, threshold: "500", keep: "100" });
    expect(await balance(merchantId, "USDC")).toEqual({
      available: 100_000_000n,
      reserved: 900_000_000n,
      custodyDeposits: 1_000_000_000n,
    });
    expect(await settle(withdrawalId)).toBe("confirmed");

    const { items, sent } = await transactionsOf(withdrawalId, "sweep");
    expect(items).toEqual([{ address: deposit.toLowerCase(), amount: 900_000_000n, status: "confirmed" }]);
    // The key's own transfer(to, 900 USDC): selector, padded recipient, padded amount.
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(USDC.toLowerCase());
    expect((await client.getTransaction({ hash: sent[0]!.hash })).from.toLowerCase()).toBe(deposit.toLowerCase());
    expect(sent[0]!.data).toBe(
      `0xa9059cbb${to.slice(2).toLowerCase().padStart(64, "0")}${900_000_000n.toString(16).padStart(64, "0")}`,
    );
    expect([await usdcOf(to), await usdcOf(deposit)]).toEqual([900_000_000n, 100_000_000n]);
    expect(await balance(merchantId, "USDC")).toEqual({
      available: 100_000_000n,
      reserved: 0n,
      custodyDeposits: 100_000_000n,
    });
    await expectMatched(merchantId);
    // Below the threshold: nothing more.
    expect((await tick(db(), { owner: OWNER, parts: ["withdrawals"] })).withdrawals?.created).toEqual([]);
  }, 240_000);

  it("native ETH: exactly 0.04 of 0.05 ETH leaves the address (0.01 stays), arriving less its 21,000 gas", async () => {
    const { merchantId, key } = await createTestMerchant();
    const deposit = await paidInvoice(merchantId, "ETH", parseEther("0.05"));
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const withdrawalId = await withdrawalUnderRule(key, { asset: "ETH", address: to, threshold: "0.02", keep: "0.01" });
    expect(await settle(withdrawalId)).toBe("confirmed");

    const { items, sent } = await transactionsOf(withdrawalId, "native_sweep");
    expect(items).toEqual([{ address: deposit.toLowerCase(), amount: parseEther("0.04"), status: "confirmed" }]);
    expect(sent).toHaveLength(1);
    const [{ value, fee, gasUsed }] = sent as [(typeof sent)[number]];
    expect([gasUsed, value + fee]).toEqual([21_000n, parseEther("0.04")]);
    expect([await client.getBalance({ address: to }), await client.getBalance({ address: deposit })]).toEqual([
      parseEther("0.04") - fee,
      parseEther("0.01"),
    ]);
    // The gas is the operator's: credited back to available (from the gas float), as for every native fallback sweep.
    expect(await balance(merchantId, "ETH")).toEqual({
      available: parseEther("0.01") + fee,
      reserved: 0n,
      custodyDeposits: parseEther("0.01"),
    });
    await expectMatched(merchantId);
  }, 240_000);
});
