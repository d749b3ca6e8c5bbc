// Exact auto-withdrawal amounts on a real anvil (prague) and PostgreSQL, with EIP-7702: a withdrawal is exactly
// `available − keep`, whole deposit balances largest first and only the part still needed from the last address,
// whose rest stays on it and is swept by a later withdrawal. Exact balances on chain and in the ledger; reconciliation
// matched after each test.
import { beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, parseEther, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { GET as getWithdrawalRoute } from "@/app/api/v1/withdrawals/[id]/route";
import { POST as createRule } from "@/app/api/v1/auto_withdrawals/route";
import { publicClientFor } from "@/server/chains/client";
import { DEVNET_TOKENS } from "@/server/chains/devnet-tokens";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { getBalances } from "@/server/ledger/get-balances";
import { formatDecimal, toBigInt } from "@/server/money";
import { prepareSweeps, usesEip7702 } from "@/server/sweeps/prepare-sweeps";
import "@/server/sweeps/sweep-transaction-handlers";
import { platformAddress } from "@/server/wallets/platform-keys";
import { sweepableDepositBalances } from "./sweepable-deposit-balances";
import { createDevnetInvoice, devnetRpc } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";

const NETWORK = "devnet" as const;
const network = findNetwork(NETWORK) as Network;
const client: PublicClient = publicClientFor(network);
const OWNER = "exact-withdrawals-test";
const PAYER = 8;
type Asset = "USDC" | "USDT" | "ETH";
const tokenAddress = (asset: "USDC" | "USDT") => DEVNET_TOKENS.find((t) => t.symbol === asset)!.address;

/** On-chain balance of `asset` at `address`, base units. */
function balanceOf(asset: Asset, address: Address): Promise<bigint> {
  if (asset === "ETH") return client.getBalance({ address });
  return client.readContract({
    address: tokenAddress(asset),
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [address],
  });
}

/** Run the chains part until the devnet's cursor is at its head, then once more to confirm what it reached. */
async function scanToHead(): Promise<void> {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  for (let i = 0; i < 50; i++) {
    await tick(db(), { owner: OWNER, parts: ["chains"] });
    const cursor = await db().networkCursor.findUnique({ where: { networkId: NETWORK } });
    if (cursor?.blockNumber != null && cursor.blockNumber >= head) {
      await tick(db(), { owner: OWNER, parts: ["chains"] });
      return;
    }
  }
  throw new Error("the scanner did not reach the head");
}

/** Pay one invoice per amount and confirm the payments; returns the deposit addresses in the same order. */
async function paidInvoices(merchantId: string, asset: Asset, amounts: bigint[]): Promise<Address[]> {
  const decimals = asset === "ETH" ? 18 : 6;
  const out: Address[] = [];
  for (const amount of amounts) {
    const invoice = await createDevnetInvoice(merchantId, {
      amount: formatDecimal(amount, decimals),
      currency: asset,
      network: NETWORK,
    });
    await pay({ network: NETWORK, asset, to: invoice.address, amount, accountIndex: PAYER });
    out.push(invoice.address);
  }
  await mine(NETWORK, 3);
  await scanToHead();
  return out;
}

async function balance(merchantId: string, asset: Asset) {
  const b = (await getBalances(db(), { merchantId, livemode: false })).find(
    (x) => x.networkId === NETWORK && x.asset === asset,
  );
  return { available: b?.available ?? 0n, reserved: b?.reserved ?? 0n, custodyDeposits: b?.custodyDeposits ?? 0n };
}

async function setRule(key: string, body: { asset: Asset; address: Address; threshold: string; keep?: string }) {
  const res = await createRule(
    apiRequest("POST", "/api/v1/auto_withdrawals", { key, body: { network: NETWORK, ...body } }),
    params({}),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

/** One rule pass; returns the withdrawals it created. */
async function planPass(): Promise<string[]> {
  return (await tick(db(), { owner: OWNER, parts: ["withdrawals"] })).withdrawals?.created ?? [];
}

/** Sweep and send until the withdrawal is settled, then confirm what was mined. */
async function settle(withdrawalId: string): Promise<string> {
  let status = "pending";
  for (let i = 0; i < 30 && status !== "confirmed" && status !== "failed"; i++) {
    const at = new Date(Date.now() + i * 60_000);
    await tick(db(), { owner: OWNER, parts: ["sweeps", "sender"], now: () => at });
    status = (await db().withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } })).status;
    if (status !== "confirmed" && status !== "failed") await mine(NETWORK, 1);
  }
  await mine(NETWORK, 3);
  await scanToHead();
  return (await db().withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } })).status;
}

/** The withdrawal's sweep items: address and exact amount, by address. */
async function itemsOf(withdrawalId: string) {
  const w = await db().withdrawal.findUniqueOrThrow({ where: { id: withdrawalId }, select: { sweepId: true } });
  const items = await db().sweepItem.findMany({ where: { sweepId: w.sweepId! }, orderBy: { address: "asc" } });
  return items.map((i) => ({ address: i.address, amount: toBigInt(i.amount), status: i.status }));
}

beforeAll(async () => {
  await prepareSweeps([network]);
  await devnetRpc(NETWORK, "anvil_setBalance", [platformAddress("gas", false), `0x${parseEther("100").toString(16)}`]);
  await scanToHead();
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
