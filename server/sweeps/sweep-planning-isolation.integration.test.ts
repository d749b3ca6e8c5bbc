// Sweep planning isolates one poisoned item: two auto-withdrawals on the devnet in the same pass, one to a contract
// that reverts on any ETH, one to a plain address. The plain one is swept and confirmed; the poisoned one fails for
// good with its reason (its withdrawal failed with a `withdrawal.failed` event, its reservation voided, its address
// lock released) and its deposit keeps every wei, swept once the destination takes ETH. A node that cannot be reached
// while estimating fails nothing: both items stay queued, attempts untouched. Once with EIP-7702 (simulate, split
// on revert), once with the fallback (the flag forced off). Exact balances on chain and in the ledger; reconciliation
// matched after each.
import { beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, custom, http, parseEther, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { db } from "@/server/db";
import { toBigInt } from "@/server/money";
import { RETRY_AFTER_FAILURE_MS } from "@/server/withdrawals/plan-withdrawals";
import { recordPlatformWallets } from "@/server/withdrawals/record-platform-wallets";
import "@/server/withdrawals/withdrawal-sweep-handlers";
import { devnetRpc } from "@/test/chains";
import { createTestMerchant } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import * as kit from "@/test/sweeps";
import { client, network, NETWORK } from "@/test/sweeps";
import { planSweeps } from "./plan-sweeps";
import { forceSweepFallback, prepareSweeps, usesEip7702 } from "./prepare-sweeps";
import "./sweep-transaction-handlers";

const OWNER = "sweep-planning-isolation-test";
const PAYER = 8;
// PUSH1 0 PUSH1 0 REVERT: reverts on any call, with or without ETH.
const ALWAYS_REVERTS = "0x60006000fd";

/** A client whose gas estimates go to a port nothing listens on (the node down mid-pass); everything else is real. */
function clientWithEstimatesDown(): PublicClient {
  const live = http(network.rpcUrl)({});
  const dead = http("http://127.0.0.1:9", { retryCount: 0 })({});
  return createPublicClient({
    transport: custom({
      request: (args: { method: string; params?: unknown }) =>
        (args.method === "eth_estimateGas" ? dead : live).request(args),
    }),
  });
}

/** Plan and send until these sweeps are settled (fallback: fund or send, confirm; a few passes per address). */
const runSweeps = (sweepIds: string[]) => kit.runSweeps(OWNER, sweepIds, 40);

/** A merchant with one paid 0.05 ETH invoice, confirmed: its deposit address. */
async function merchantWithDeposit(): Promise<{ merchantId: string; key: string; deposit: Address }> {
  const { merchantId, key } = await createTestMerchant();
  const [paid] = await kit.paidDeposits({
    owner: OWNER,
    merchantId,
    asset: "ETH",
    amounts: [parseEther("0.05")],
    payer: PAYER,
  });
  return { merchantId, key, deposit: paid!.address };
}

async function setRule(key: string, address: Address): Promise<void> {
  await kit.setRule(key, { asset: "ETH", address, threshold: "0.02", keep: "0.01" });
}

const balance = (merchantId: string) => kit.ledgerBalance(merchantId, "ETH");

async function withdrawalOf(merchantId: string) {
  const rows = await db().withdrawal.findMany({ where: { merchantId }, orderBy: { sequence: "desc" } });
  return rows[0]!;
}

async function itemOf(sweepId: string) {
  const [item] = await db().sweepItem.findMany({ where: { sweepId } });
  return item!;
}

/** The sent native transfers of a withdrawal's items (fallback: the deposit key's own `native_sweep`). */
async function nativeSweepsOf(sweepId: string) {
  const items = await db().sweepItem.findMany({ where: { sweepId } });
  const rows = await db().outgoingTransaction.findMany({
    where: { purpose: "native_sweep", sourceId: { in: items.map((i) => i.batchId!) } },
  });
  return rows.map((r) => ({
    value: toBigInt(r.value),
    fee: toBigInt(r.gasUsed!) * toBigInt(r.effectiveGasPrice!),
    gasUsed: toBigInt(r.gasUsed!),
  }));
}

/** One merchant's withdrawal of 0.04 of its 0.05 ETH deposit. */
interface Side {
  merchantId: string;
  deposit: Address;
  to: Address;
  withdrawalId: string;
  sweepId: string;
}

interface Scenario {
  poisoned: Side;
  plain: Side;
}

/** Two merchants, two rules, one withdrawals pass: both withdrawals of 0.04 ETH queued on the devnet. */
async function twoWithdrawals(): Promise<Scenario> {
  const a = await merchantWithDeposit();
  const b = await merchantWithDeposit();
  const poisonedTo = privateKeyToAccount(generatePrivateKey()).address;
  await devnetRpc(NETWORK, "anvil_setCode", [poisonedTo, ALWAYS_REVERTS]);
  const plainTo = privateKeyToAccount(generatePrivateKey()).address;
  await setRule(a.key, poisonedTo);
  await setRule(b.key, plainTo);
  const created = await kit.planWithdrawals(OWNER);
  expect(created).toHaveLength(2);
  const wa = await withdrawalOf(a.merchantId);
  const wb = await withdrawalOf(b.merchantId);
  expect([wa.status, wb.status, toBigInt(wa.amount), toBigInt(wb.amount)]).toEqual([
    "pending",
    "pending",
    parseEther("0.04"),
    parseEther("0.04"),
  ]);
  return {
    poisoned: {
      merchantId: a.merchantId,
      deposit: a.deposit,
      to: poisonedTo,
      withdrawalId: wa.id,
      sweepId: wa.sweepId!,
    },
    plain: { merchantId: b.merchantId, deposit: b.deposit, to: plainTo, withdrawalId: wb.id, sweepId: wb.sweepId! },
  };
}

/** A node down while estimating fails nothing: both items stay queued as they were. */
async function expectTransientFailsNothing(s: Scenario): Promise<void> {
  const report = await planSweeps(db(), { networks: [network], clientFor: clientWithEstimatesDown });
  expect([report.batches, report.items, report.deferred, report.failed]).toEqual([0, 0, 0, 0]);
  for (const sweepId of [s.poisoned.sweepId, s.plain.sweepId]) {
    const item = await itemOf(sweepId);
    expect([item.status, item.attempts, item.failureReason, item.notBefore]).toEqual(["queued", 0, null, null]);
  }
}

/** The poisoned withdrawal failed for good, its reservation voided, its lock released, every wei still on chain. */
async function expectPoisonedFailed(s: Scenario, reason: string): Promise<void> {
  const { merchantId, deposit, withdrawalId, sweepId } = s.poisoned;
  const w = await db().withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } });
  expect([w.status, w.failureReason, w.txHashes]).toEqual(["failed", reason, []]);
  const item = await itemOf(sweepId);
  expect([item.status, item.failureReason, item.batchId]).toEqual(["failed", reason, null]);
  const sweep = await db().sweep.findUniqueOrThrow({ where: { id: sweepId } });
  expect([sweep.status, sweep.failureReason]).toEqual(["failed", reason]);
  const transfer = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `sweep:${item.id}` } });
  expect(transfer.status).toBe("voided");
  expect(await db().sweepAddressLock.count({ where: { networkId: NETWORK, address: deposit.toLowerCase() } })).toBe(0);
  const events = await db().event.findMany({
    where: { merchantId, type: { startsWith: "withdrawal." } },
    orderBy: { createdAt: "asc" },
    select: { type: true },
  });
  expect(events.map((e) => e.type)).toEqual(["withdrawal.failed"]);
  expect(await client.getBalance({ address: deposit })).toBe(parseEther("0.05"));
  expect(await client.getBalance({ address: s.poisoned.to })).toBe(0n);
  expect(await balance(merchantId)).toEqual({
    available: parseEther("0.05"),
    reserved: 0n,
    custodyDeposits: parseEther("0.05"),
  });
  await expectMatched(merchantId);
}

/** The destination fixed (its code removed), the rule's next withdrawal (after its wait) sweeps the deposit. */
async function sweepPoisonedAgain(s: Scenario): Promise<string> {
  await devnetRpc(NETWORK, "anvil_setCode", [s.poisoned.to, "0x"]);
  const later = new Date(Date.now() + RETRY_AFTER_FAILURE_MS + 60_000);
  const created = await kit.planWithdrawals(OWNER, later);
  expect(created).toHaveLength(1);
  const w = await db().withdrawal.findUniqueOrThrow({ where: { id: created![0]! } });
  expect([w.merchantId, toBigInt(w.amount)]).toEqual([s.poisoned.merchantId, parseEther("0.04")]);
  await runSweeps([w.sweepId!]);
  expect((await db().withdrawal.findUniqueOrThrow({ where: { id: w.id } })).status).toBe("confirmed");
  return w.sweepId!;
}

/**
 * `side`'s withdrawal is done: its destination got 0.04 ETH less `fee` (wei: the fallback's gas, paid from the
 * deposit and borne by the operator's gas float, so credited back to available), 0.01 ETH stays on the deposit and
 * in the ledger, and the merchant's reconciliation matches.
 */
async function expectWithdrawn(side: Side, fee = 0n): Promise<void> {
  expect([await client.getBalance({ address: side.to }), await client.getBalance({ address: side.deposit })]).toEqual([
    parseEther("0.04") - fee,
    parseEther("0.01"),
  ]);
  expect(await balance(side.merchantId)).toEqual({
    available: parseEther("0.01") + fee,
    reserved: 0n,
    custodyDeposits: parseEther("0.01"),
  });
  await expectMatched(side.merchantId);
}

beforeAll(async () => {
  await recordPlatformWallets(db());
  await kit.fundGasWallet();
  await kit.scanToHead(OWNER);
  // A sweep another file left open on the devnet would be planned in this file's passes and change their reports.
  await kit.finishOpenSweeps(OWNER, 40);
}, 240_000);

describe("sweep planning isolates a poisoned item: EIP-7702", () => {
  beforeAll(async () => {
    await prepareSweeps([network]);
  });

  it("7702: a destination that reverts on any ETH fails its item at once; the other is swept in the same pass", async () => {
    expect(usesEip7702(network)).toBe(true);
    const s = await twoWithdrawals();
    await expectTransientFailsNothing(s);

    const report = await planSweeps(db(), { networks: [network] });
    expect([report.batches, report.items, report.deferred, report.failed]).toEqual([1, 1, 0, 1]);
    const reason = `the destination ${s.poisoned.to.toLowerCase()} refuses ETH: a transfer to it reverts (Execution reverted for an unknown reason.)`;
    expect((await itemOf(s.plain.sweepId)).status).toBe("submitted");
    await runSweeps([s.plain.sweepId]);

    expect((await db().withdrawal.findUniqueOrThrow({ where: { id: s.plain.withdrawalId } })).status).toBe("confirmed");
    await expectWithdrawn(s.plain);
    await expectPoisonedFailed(s, reason);

    await sweepPoisonedAgain(s);
    await expectWithdrawn(s.poisoned);
  }, 300_000);
});

describe("sweep planning isolates a poisoned item: fallback (no EIP-7702)", () => {
  beforeAll(() => {
    forceSweepFallback(NETWORK);
  });

  it("fallback: a destination that reverts on any ETH fails its item at once; the other is swept in the same pass", async () => {
    expect(usesEip7702(network)).toBe(false);
    const s = await twoWithdrawals();
    await expectTransientFailsNothing(s);

    const report = await planSweeps(db(), { networks: [network] });
    expect([report.batches, report.items, report.deferred, report.failed]).toEqual([1, 1, 0, 1]);
    const reason = `the destination ${s.poisoned.to.toLowerCase()} refuses ETH: a transfer to it reverts (Execution reverted for an unknown reason.)`;
    expect((await itemOf(s.plain.sweepId)).status).toBe("submitted");
    await runSweeps([s.plain.sweepId]);

    // The deposit key sends exactly 0.04 ETH less its 21,000 gas; the gas is the operator's (back to available).
    expect((await db().withdrawal.findUniqueOrThrow({ where: { id: s.plain.withdrawalId } })).status).toBe("confirmed");
    const [sent] = (await nativeSweepsOf(s.plain.sweepId)) as [{ value: bigint; fee: bigint; gasUsed: bigint }];
    expect([sent.gasUsed, sent.value + sent.fee]).toEqual([21_000n, parseEther("0.04")]);
    await expectWithdrawn(s.plain, sent.fee);
    await expectPoisonedFailed(s, reason);

    const again = await sweepPoisonedAgain(s);
    const [resent] = (await nativeSweepsOf(again)) as [{ value: bigint; fee: bigint; gasUsed: bigint }];
    expect([resent.gasUsed, resent.value + resent.fee]).toEqual([21_000n, parseEther("0.04")]);
    await expectWithdrawn(s.poisoned, resent.fee);
  }, 300_000);
});
