// An auto-withdrawal end to end on a real anvil (prague) and PostgreSQL: paid invoices, a rule through the API, the
// worker's "withdrawals", "sweeps" and "sender" parts, and the merchant's own address receiving exactly what the
// rule sends, with the ledger and reconciliation exact afterwards.
import { beforeAll, describe, expect, it } from "vitest";
import { getAddress, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { GET as getWithdrawalRoute } from "@/app/api/v1/withdrawals/[id]/route";
import { POST as createRule } from "@/app/api/v1/auto_withdrawals/route";
import { db, inTransaction } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { getBalances } from "@/server/ledger/get-balances";
import { formatDecimal } from "@/server/money";
import { prepareSweeps } from "@/server/sweeps/prepare-sweeps";
import "@/server/sweeps/sweep-transaction-handlers";
import { platformAddress } from "@/server/wallets/platform-keys";
import { planWithdrawal } from "./plan-withdrawals";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import * as kit from "@/test/sweeps";
import { balanceOf, client, network, NETWORK } from "@/test/sweeps";

const OWNER = "withdrawals-test";

const usdcOf = (address: Address) => balanceOf("USDC", address);
/** Paid USDC invoices of these amounts (base units) from anvil account 4, confirmed; their deposit addresses. */
const paidUsdc = async (merchantId: string, amounts: bigint[]) =>
  (await kit.paidDeposits({ owner: OWNER, merchantId, asset: "USDC", amounts, payer: 4 })).map((d) => d.address);
/** Sweep and send (on the real clock) until the withdrawal is settled, then confirm what was mined. */
const settle = (withdrawalId: string) => kit.settleWithdrawal(OWNER, withdrawalId, { passes: 15, advanceClock: false });

beforeAll(async () => {
  await prepareSweeps([network]);
  await kit.fundGasWallet();
  await kit.scanToHead(OWNER);
});

describe("auto-withdrawal on anvil", () => {
  it("a rule whose threshold is reached sends exactly available - keep to the merchant's address, once", async () => {
    const { merchantId, key } = await createTestMerchant();
    const deposits = await paidUsdc(merchantId, [10_000_000n, 20_000_000n, 30_000_000n]);
    const usdcBalance = async () =>
      (await getBalances(db(), { merchantId, livemode: false })).find(
        (b) => b.networkId === NETWORK && b.asset === "USDC",
      );
    expect((await usdcBalance())?.available).toBe(60_000_000n);

    // Everything above 10 USDC once 50 is reached: 60 - 10 = 50, the 30 and 20 USDC addresses whole.
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const res = await createRule(
      apiRequest("POST", "/api/v1/auto_withdrawals", {
        key,
        body: { network: NETWORK, asset: "USDC", address: to, threshold: "50", keep: "10" },
      }),
      params({}),
    );
    expect(res.status).toBe(201);
    const rule = await res.json();

    const first = await tick(db(), { owner: OWNER, parts: ["withdrawals"] });
    expect(first.withdrawals?.created).toHaveLength(1);
    const withdrawalId = first.withdrawals!.created[0]!;
    // Reserved at once, in the transaction that created the withdrawal.
    expect(await usdcBalance()).toMatchObject({ available: 10_000_000n, reserved: 50_000_000n });
    // In flight: a second pass (a restarted worker, another worker) creates nothing.
    expect((await tick(db(), { owner: OWNER, parts: ["withdrawals"] })).withdrawals?.created).toEqual([]);

    await settle(withdrawalId);

    const row = await db().withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } });
    expect([row.status, row.autoWithdrawalId, row.sequence, row.amount.toFixed(0)]).toEqual([
      "confirmed",
      rule.id,
      1,
      "50000000",
    ]);
    expect(await usdcOf(to)).toBe(50_000_000n);
    expect(await Promise.all(deposits.map(usdcOf))).toEqual([10_000_000n, 0n, 0n]);
    expect(await usdcBalance()).toMatchObject({ available: 10_000_000n, reserved: 0n, custodyDeposits: 10_000_000n });

    // The fee is what the receipts say the gas wallet paid.
    expect(row.txHashes.length).toBeGreaterThanOrEqual(1);
    let fee = 0n;
    for (const hash of row.txHashes) {
      const receipt = await client.getTransactionReceipt({ hash: hash as Hex });
      expect(receipt.from.toLowerCase()).toBe(platformAddress("gas", false).toLowerCase());
      fee += receipt.gasUsed * receipt.effectiveGasPrice;
    }
    const api = await getWithdrawalRoute(
      apiRequest("GET", `/api/v1/withdrawals/${withdrawalId}`, { key }),
      params({ id: withdrawalId }),
    );
    expect(await api.json()).toMatchObject({
      id: withdrawalId,
      object: "withdrawal",
      auto_withdrawal: rule.id,
      network: NETWORK,
      asset: "USDC",
      amount: "50.00",
      address: getAddress(to),
      status: "confirmed",
      tx_hashes: row.txHashes,
      network_fee: formatDecimal(fee, 18),
      failure_reason: null,
    });
    const events = await db().event.findMany({
      where: { merchantId, type: { startsWith: "withdrawal." } },
      orderBy: { createdAt: "asc" },
      select: { type: true },
    });
    expect(events.map((e) => e.type)).toEqual(["withdrawal.submitted", "withdrawal.confirmed"]);

    // Below the threshold now: nothing more.
    expect((await tick(db(), { owner: OWNER, parts: ["withdrawals"] })).withdrawals?.created).toEqual([]);
    await expectMatched(merchantId);
  });

  it("a planner that dies before its commit leaves nothing; five racing planners make one withdrawal", async () => {
    const { merchantId, key } = await createTestMerchant();
    await paidUsdc(merchantId, [7_000_000n, 8_000_000n]);
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const res = await createRule(
      apiRequest("POST", "/api/v1/auto_withdrawals", {
        key,
        body: { network: NETWORK, asset: "USDC", address: to, threshold: "15" },
      }),
      params({}),
    );
    const rule = await res.json();
    const state = async () => ({
      withdrawals: await db().withdrawal.count({ where: { autoWithdrawalId: rule.id } }),
      sweeps: await db().sweep.count({ where: { merchantId } }),
      count: (await db().autoWithdrawal.findUniqueOrThrow({ where: { id: rule.id } })).withdrawalCount,
      balance: (await getBalances(db(), { merchantId, livemode: false })).find((b) => b.asset === "USDC"),
    });

    // Everything written up to the sweep request, then the process dies before COMMIT: all of it rolls back.
    await expect(
      inTransaction(db(), async (tx) => {
        expect(await planWithdrawal(tx, { ruleId: rule.id, now: new Date() })).toMatch(/^wd_/);
        throw new Error("killed before commit");
      }),
    ).rejects.toThrow("killed before commit");
    expect(await state()).toMatchObject({
      withdrawals: 0,
      sweeps: 0,
      count: 0,
      balance: { available: 15_000_000n, reserved: 0n },
    });

    // Workers racing on the same rule: the row lock lets one plan, the others find it in flight.
    const ids = await Promise.all(
      Array.from({ length: 5 }, () =>
        inTransaction(db(), (tx) => planWithdrawal(tx, { ruleId: rule.id, now: new Date() })),
      ),
    );
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
    expect(await state()).toMatchObject({
      withdrawals: 1,
      sweeps: 1,
      count: 1,
      balance: { available: 0n, reserved: 15_000_000n },
    });
    const row = await db().withdrawal.findFirstOrThrow({ where: { autoWithdrawalId: rule.id } });
    expect([row.sequence, row.amount.toFixed(0), row.status]).toEqual([1, "15000000", "pending"]);

    // And it is carried out once (nothing left queued for other tests' sweeps).
    await settle(row.id);
    expect((await db().withdrawal.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("confirmed");
    expect(await usdcOf(to)).toBe(15_000_000n);
    await expectMatched(merchantId);
  });
});
