// Exact auto-withdrawal amounts on a real anvil (prague) and PostgreSQL, with EIP-7702: a withdrawal is exactly
// `available − keep`, whole deposit balances largest first and only the part still needed from the last address,
// whose rest stays on it and is swept by a later withdrawal. Exact balances on chain and in the ledger; reconciliation
// matched after each test.
import { beforeAll, describe, expect, it } from "vitest";
import { parseEther, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { GET as getWithdrawalRoute } from "@/app/api/v1/withdrawals/[id]/route";
import { db } from "@/server/db";
import { toBigInt } from "@/server/money";
import { prepareSweeps, usesEip7702 } from "@/server/sweeps/prepare-sweeps";
import "@/server/sweeps/sweep-transaction-handlers";
import { sweepableDepositBalances } from "./sweepable-deposit-balances";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import * as kit from "@/test/sweeps";
import { balanceOf, network, NETWORK, setRule, type Asset } from "@/test/sweeps";

const OWNER = "exact-withdrawals-test";
const PAYER = 8;

/** Pay one invoice per amount and confirm the payments; returns the deposit addresses in the same order. */
async function paidInvoices(merchantId: string, asset: Asset, amounts: bigint[]): Promise<Address[]> {
  return (await kit.paidDeposits({ owner: OWNER, merchantId, asset, amounts, payer: PAYER })).map((d) => d.address);
}

const balance = kit.ledgerBalance;
const planPass = () => kit.planWithdrawals(OWNER);
const settle = (withdrawalId: string) => kit.settleWithdrawal(OWNER, withdrawalId, { passes: 30 });

/** The withdrawal's sweep items: address and exact amount, by address. */
async function itemsOf(withdrawalId: string) {
  const w = await db().withdrawal.findUniqueOrThrow({ where: { id: withdrawalId }, select: { sweepId: true } });
  const items = await db().sweepItem.findMany({ where: { sweepId: w.sweepId! }, orderBy: { address: "asc" } });
  return items.map((i) => ({ address: i.address, amount: toBigInt(i.amount), status: i.status }));
}

beforeAll(async () => {
  await prepareSweeps([network]);
  await kit.fundGasWallet();
  await kit.scanToHead(OWNER);
});

describe("exact auto-withdrawals (EIP-7702)", () => {
  it("sweeps with EIP-7702 on the devnet", () => {
    expect(usesEip7702(network)).toBe(true);
  });

  it("one 1,000 USDC deposit, threshold 500, keep 100: exactly 900 USDC out, 100 left on the address", async () => {
    const { merchantId, key } = await createTestMerchant();
    const [deposit] = (await paidInvoices(merchantId, "USDC", [1_000_000_000n])) as [Address];
    expect(await balance(merchantId, "USDC")).toEqual({
      available: 1_000_000_000n,
      reserved: 0n,
      custodyDeposits: 1_000_000_000n,
    });
    const to = privateKeyToAccount(generatePrivateKey()).address;
    await setRule(key, { asset: "USDC", address: to, threshold: "500", keep: "100" });

    const [withdrawalId, ...more] = await planPass();
    expect(more).toEqual([]);
    // Reserved exactly at creation: the part of the only address that the withdrawal needs.
    expect(await balance(merchantId, "USDC")).toEqual({
      available: 100_000_000n,
      reserved: 900_000_000n,
      custodyDeposits: 1_000_000_000n,
    });
    expect(await itemsOf(withdrawalId!)).toEqual([
      { address: deposit.toLowerCase(), amount: 900_000_000n, status: "queued" },
    ]);

    expect(await settle(withdrawalId!)).toBe("confirmed");
    expect(await balanceOf("USDC", to)).toBe(900_000_000n);
    expect(await balanceOf("USDC", deposit)).toBe(100_000_000n);
    expect(await balanceOf("ETH", deposit)).toBe(0n);
    expect(await balance(merchantId, "USDC")).toEqual({
      available: 100_000_000n,
      reserved: 0n,
      custodyDeposits: 100_000_000n,
    });
    const api = await getWithdrawalRoute(
      apiRequest("GET", `/api/v1/withdrawals/${withdrawalId}`, { key }),
      params({ id: withdrawalId! }),
    );
    expect(await api.json()).toMatchObject({ amount: "900.00", status: "confirmed" });
    // The rest is the address's confirmed balance again, sweepable by a later withdrawal.
    expect(
      await sweepableDepositBalances(db(), { merchantId, livemode: false, networkId: NETWORK, asset: "USDC" }),
    ).toEqual([expect.objectContaining({ address: deposit.toLowerCase(), amount: 100_000_000n })]);
    await expectMatched(merchantId);

    // Below the threshold: later passes send nothing.
    expect(await planPass()).toEqual([]);
    expect(await planPass()).toEqual([]);
    expect(await balanceOf("USDC", to)).toBe(900_000_000n);

    // A payment brings available to 550 ≥ 500: exactly 450 more, the new address whole.
    const [second] = (await paidInvoices(merchantId, "USDC", [450_000_000n])) as [Address];
    const [next, ...none] = await planPass();
    expect(none).toEqual([]);
    expect(await settle(next!)).toBe("confirmed");
    expect(await balanceOf("USDC", to)).toBe(1_350_000_000n);
    expect([await balanceOf("USDC", deposit), await balanceOf("USDC", second)]).toEqual([100_000_000n, 0n]);
    expect(await balance(merchantId, "USDC")).toEqual({
      available: 100_000_000n,
      reserved: 0n,
      custodyDeposits: 100_000_000n,
    });
    await expectMatched(merchantId);
  });

  it("deposits of 300, 200 and 50 USDC, keep 75: exactly 475 out, one address left with 25; then its rest", async () => {
    const { merchantId, key } = await createTestMerchant();
    const [a300, a200, a50] = (await paidInvoices(merchantId, "USDC", [300_000_000n, 200_000_000n, 50_000_000n])) as [
      Address,
      Address,
      Address,
    ];
    const to = privateKeyToAccount(generatePrivateKey()).address;
    await setRule(key, { asset: "USDC", address: to, threshold: "500", keep: "75" });

    const [withdrawalId] = await planPass();
    // Largest first: 300 whole, then 175 of the 200; the 50 is not touched.
    expect(await itemsOf(withdrawalId!)).toEqual(
      [
        { address: a300.toLowerCase(), amount: 300_000_000n, status: "queued" },
        { address: a200.toLowerCase(), amount: 175_000_000n, status: "queued" },
      ].sort((x, y) => x.address.localeCompare(y.address)),
    );
    expect(await settle(withdrawalId!)).toBe("confirmed");
    expect(await balanceOf("USDC", to)).toBe(475_000_000n);
    expect(await Promise.all([a300, a200, a50].map((a) => balanceOf("USDC", a)))).toEqual([
      0n,
      25_000_000n,
      50_000_000n,
    ]);
    expect(await balance(merchantId, "USDC")).toEqual({
      available: 75_000_000n,
      reserved: 0n,
      custodyDeposits: 75_000_000n,
    });
    const row = await db().withdrawal.findUniqueOrThrow({ where: { id: withdrawalId! } });
    expect(row.amount.toFixed(0)).toBe("475000000");
    await expectMatched(merchantId);

    // A new rule keeping nothing takes the rest: the 50 whole and the 25 the partial sweep left.
    await setRule(key, { asset: "USDC", address: to, threshold: "1", keep: "0" });
    const [rest] = await planPass();
    expect(await itemsOf(rest!)).toEqual(
      [
        { address: a200.toLowerCase(), amount: 25_000_000n, status: "queued" },
        { address: a50.toLowerCase(), amount: 50_000_000n, status: "queued" },
      ].sort((x, y) => x.address.localeCompare(y.address)),
    );
    expect(await settle(rest!)).toBe("confirmed");
    expect(await balanceOf("USDC", to)).toBe(550_000_000n);
    expect(await Promise.all([a300, a200, a50].map((a) => balanceOf("USDC", a)))).toEqual([0n, 0n, 0n]);
    expect(await balance(merchantId, "USDC")).toEqual({ available: 0n, reserved: 0n, custodyDeposits: 0n });
    await expectMatched(merchantId);
  });

  it("a USDT-like token (no return value) is swept in part: exactly 25 of 30 out, 5 left", async () => {
    const { merchantId, key } = await createTestMerchant();
    const [deposit] = (await paidInvoices(merchantId, "USDT", [30_000_000n])) as [Address];
    const to = privateKeyToAccount(generatePrivateKey()).address;
    await setRule(key, { asset: "USDT", address: to, threshold: "20", keep: "5" });
    const [withdrawalId] = await planPass();
    expect(await itemsOf(withdrawalId!)).toEqual([
      { address: deposit.toLowerCase(), amount: 25_000_000n, status: "queued" },
    ]);
    expect(await settle(withdrawalId!)).toBe("confirmed");
    expect([await balanceOf("USDT", to), await balanceOf("USDT", deposit)]).toEqual([25_000_000n, 5_000_000n]);
    expect(await balance(merchantId, "USDT")).toEqual({
      available: 5_000_000n,
      reserved: 0n,
      custodyDeposits: 5_000_000n,
    });
    await expectMatched(merchantId);
  });

  it("native ETH is exact too: the gas wallet pays the gas, exactly 0.04 of 0.05 ETH out, 0.01 left", async () => {
    const { merchantId, key } = await createTestMerchant();
    const [deposit] = (await paidInvoices(merchantId, "ETH", [parseEther("0.05")])) as [Address];
    const to = privateKeyToAccount(generatePrivateKey()).address;
    await setRule(key, { asset: "ETH", address: to, threshold: "0.02", keep: "0.01" });
    const [withdrawalId] = await planPass();
    expect(await settle(withdrawalId!)).toBe("confirmed");
    expect([await balanceOf("ETH", to), await balanceOf("ETH", deposit)]).toEqual([
      parseEther("0.04"),
      parseEther("0.01"),
    ]);
    expect(await balance(merchantId, "ETH")).toEqual({
      available: parseEther("0.01"),
      reserved: 0n,
      custodyDeposits: parseEther("0.01"),
    });
    await expectMatched(merchantId);
  });
});
