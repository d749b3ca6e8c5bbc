// Sweeps on a network without EIP-7702 (the flag forced off for the devnet): tokens swept by funding each deposit
// address with its gas and letting its key transfer, native ETH swept by the deposit key itself, and a native sweep
// that reverts (only its gas left the address). Exact balances on chain and in the ledger; reconciliation matched
// after each.
import { beforeAll, describe, expect, it } from "vitest";
import { parseEther, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { merchantAccount } from "@/server/ledger/chart-of-accounts";
import { toBigInt } from "@/server/money";
import { platformAddress } from "@/server/wallets/platform-keys";
import { recordPlatformWallets } from "@/server/withdrawals/record-platform-wallets";
import { devnetRpc } from "@/test/chains";
import { createTestMerchant } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import * as kit from "@/test/sweeps";
import { client, network, NETWORK, tokenAddress, tokenBalance, type Deposit } from "@/test/sweeps";
import { gasFloatAccount } from "./gas-float";
import { forceSweepFallback, usesEip7702 } from "./prepare-sweeps";
import { registerSweepHandlers } from "./sweep-handlers";
import "./sweep-transaction-handlers";

const OWNER = "sweeps-fallback-test";
const USDC = tokenAddress("USDC");
const gasWallet = platformAddress("gas", false);
// Runtime code of a destination that takes up to 1 wei (what the planner estimates a contract destination's gas with)
// and reverts above it; 1 wei or less stores a word, so the estimate is well above what the revert uses:
// CALLVALUE PUSH1 2 GT PUSH1 0x0a JUMPI RETURNDATASIZE RETURNDATASIZE REVERT JUMPDEST PUSH1 1 PUSH1 0 SSTORE STOP.
const REVERTS_ABOVE_ONE_WEI = "0x34600211600a573d3dfd5b600160005500";

beforeAll(async () => {
  registerSweepHandlers("withdrawal", { confirmed: async () => {} });
  registerSweepHandlers("consolidation", { confirmed: async () => {} });
  forceSweepFallback(NETWORK);
  // What the worker does at start: the watcher reads the gas wallet's address from here to skip its fundings.
  await recordPlatformWallets(db());
  await kit.fundGasWallet();
  await tick(db(), { owner: OWNER, parts: ["chains"] });
  // A sweep another file left queued on the devnet would be carried out during this file's first test, whose gas
  // wallet must spend only on its own fundings: finish them first.
  await kit.finishOpenSweeps(OWNER, 40);
}, 240_000);

/** Plan and send until the sweeps are settled (fund, confirm, transfer, confirm: a few passes per address). */
const runSweeps = (sweepIds: string[]) => kit.runSweeps(OWNER, sweepIds, 40);
const paidDeposits = (merchantId: string, asset: "USDC" | "ETH", amounts: bigint[]) =>
  kit.paidDeposits({ owner: OWNER, merchantId, asset, amounts, payer: 5 });
const withdraw = (merchantId: string, asset: string, to: Address, sources: Deposit[]) =>
  kit.requestWithdrawalSweep("fallback-test", merchantId, asset, to, sources);

async function account(id: string) {
  const a = await db().ledgerAccount.findUniqueOrThrow({ where: { id } });
  return {
    debits: toBigInt(a.debitsPosted),
    credits: toBigInt(a.creditsPosted),
    pending: toBigInt(a.debitsPending) + toBigInt(a.creditsPending),
  };
}

/** The confirmed outgoing transactions of a purpose for the batches that carried these items. */
async function transactionsOf(batchIds: string[], purpose: string) {
  const rows = await db().outgoingTransaction.findMany({ where: { purpose, sourceId: { in: batchIds } } });
  return rows.map((r) => ({
    sourceId: r.sourceId,
    to: r.toAddress,
    status: r.status,
    receipt: r.receiptStatus,
    value: toBigInt(r.value),
    gasUsed: toBigInt(r.gasUsed!),
    price: toBigInt(r.effectiveGasPrice!),
    fee: toBigInt(r.gasUsed!) * toBigInt(r.effectiveGasPrice!),
  }));
}

describe("sweeps without EIP-7702 (fallback)", () => {
  it("uses the fallback on the devnet once the flag is off", () => {
    expect(usesEip7702(network)).toBe(false);
  });

  it("funds each deposit address with its gas, lets its key transfer the tokens, and keeps the leftover ETH in the ledger", async () => {
    const { merchantId } = await createTestMerchant();
    const deposits = await paidDeposits(merchantId, "USDC", [1_000_000n, 2_000_000n, 3_000_000n]);
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const gasBefore = await client.getBalance({ address: gasWallet });
    const { id } = await withdraw(merchantId, "USDC", to, deposits);
    await runSweeps([id]);

    expect((await db().sweep.findUniqueOrThrow({ where: { id } })).status).toBe("confirmed");
    expect(await tokenBalance(USDC, to)).toBe(6_000_000n);
    const items = await db().sweepItem.findMany({ where: { sweepId: id }, orderBy: { amount: "asc" } });
    expect(items.map((i) => i.status)).toEqual(["confirmed", "confirmed", "confirmed"]);
    const transferBatches = items.map((i) => i.batchId!);
    const transfers = await transactionsOf(transferBatches, "sweep");
    const fundBatches = await db().sweepBatch.findMany({
      where: { kind: "fund", toAddress: to.toLowerCase() },
      select: { id: true, feePerGas: true, gasLimit: true },
    });
    const funds = await transactionsOf(
      fundBatches.map((b) => b.id),
      "sweep_fund",
    );
    expect(transfers).toHaveLength(3);
    expect(funds).toHaveLength(3);
    const batches = await db().sweepBatch.findMany({ where: { id: { in: transferBatches } } });

    let leftoverTotal = 0n;
    let funded = 0n;
    for (const d of deposits) {
      const item = items.find((i) => i.address === d.address.toLowerCase())!;
      const batch = batches.find((b) => b.id === item.batchId)!;
      const transfer = transfers.find((t) => t.sourceId === item.batchId)!;
      const fund = funds.find((f) => f.to === d.address.toLowerCase())!;
      expect(await tokenBalance(USDC, d.address)).toBe(0n);
      // Funded with exactly gas limit × P (nothing was there before); the transfer paid exactly gas used × P.
      const feePerGas = toBigInt(batch.feePerGas!);
      expect(fund.value).toBe(toBigInt(batch.gasLimit) * feePerGas);
      expect(transfer).toMatchObject({ status: "confirmed", receipt: "success", price: feePerGas });
      const leftover = fund.value - transfer.fee;
      expect(await client.getBalance({ address: d.address })).toBe(leftover);
      leftoverTotal += leftover;
      funded += fund.value;
    }
    // The gas wallet paid the fundings and their own fees, nothing else.
    const gasAfter = await client.getBalance({ address: gasWallet });
    expect(gasBefore - gasAfter).toBe(funded + funds.reduce((s, f) => s + f.fee, 0n));

    // Ledger: the float holds exactly what is left on the addresses; the merchant's USDC all withdrawn.
    const ethScope = { merchantId, livemode: false, networkId: NETWORK, asset: "ETH" };
    const float = await account(gasFloatAccount(ethScope).id);
    expect(float).toEqual({ credits: funded, debits: funded - leftoverTotal, pending: 0n });
    const custodyEth = await account(merchantAccount("custody_deposits", ethScope).id);
    expect(custodyEth.debits - custodyEth.credits).toBe(leftoverTotal);
    const available = await account(
      merchantAccount("available", { merchantId, livemode: false, networkId: NETWORK, asset: "USDC" }).id,
    );
    expect(available).toEqual({ credits: 6_000_000n, debits: 6_000_000n, pending: 0n });
    // The fundings were not taken for payments of the addresses' invoices.
    expect(
      await db().payment.count({
        where: { toAddress: { in: deposits.map((d) => d.address.toLowerCase()) }, asset: "ETH" },
      }),
    ).toBe(0);
    await expectMatched(merchantId);
  }, 240_000);

  it("sweeps native ETH with the deposit key itself: amount less gas × price, nothing left on the address", async () => {
    const { merchantId } = await createTestMerchant();
    const deposits = await paidDeposits(merchantId, "ETH", [parseEther("0.01"), parseEther("0.02")]);
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const { id } = await withdraw(merchantId, "ETH", to, deposits);
    await runSweeps([id]);

    expect((await db().sweep.findUniqueOrThrow({ where: { id } })).status).toBe("confirmed");
    const items = await db().sweepItem.findMany({ where: { sweepId: id } });
    const batches = await db().sweepBatch.findMany({ where: { id: { in: items.map((i) => i.batchId!) } } });
    const sent = await transactionsOf(
      batches.map((b) => b.id),
      "native_sweep",
    );
    expect(sent).toHaveLength(2);
    let fees = 0n;
    for (const d of deposits) {
      const item = items.find((i) => i.address === d.address.toLowerCase())!;
      const batch = batches.find((b) => b.id === item.batchId)!;
      const tx = sent.find((t) => t.sourceId === batch.id)!;
      const feePerGas = toBigInt(batch.feePerGas!);
      expect(batch.kind).toBe("native");
      expect(tx).toMatchObject({ status: "confirmed", receipt: "success", gasUsed: 21_000n, price: feePerGas });
      expect(tx.value).toBe(d.amount - 21_000n * feePerGas);
      expect(await client.getBalance({ address: d.address })).toBe(0n);
      fees += tx.fee;
    }
    const total = parseEther("0.03");
    expect(await client.getBalance({ address: to })).toBe(total - fees);
    // Nothing was sent to a deposit address: no funding for native sweeps.
    expect(
      await db().outgoingTransaction.count({
        where: { toAddress: { in: deposits.map((d) => d.address.toLowerCase()) } },
      }),
    ).toBe(0);

    // Ledger: the whole amount left the addresses; the gas is the operator's (gas float), not the merchant's.
    const scope = { merchantId, livemode: false, networkId: NETWORK, asset: "ETH" };
    const custody = await account(merchantAccount("custody_deposits", scope).id);
    expect(custody).toEqual({ debits: total, credits: total, pending: 0n });
    expect(await account(gasFloatAccount(scope).id)).toEqual({ debits: fees, credits: 0n, pending: 0n });
    const available = await account(merchantAccount("available", scope).id);
    expect(available).toEqual({ credits: total + fees, debits: total, pending: 0n });
    await expectMatched(merchantId);
  }, 240_000);

  it("a native sweep that reverts moves only its gas, paid by the address; the item fails and the new balance is swept", async () => {
    const { merchantId } = await createTestMerchant();
    const [deposit] = await paidDeposits(merchantId, "ETH", [parseEther("0.01")]);
    const amount = deposit!.amount;
    const refusing = privateKeyToAccount(generatePrivateKey()).address;
    await devnetRpc(NETWORK, "anvil_setCode", [refusing, REVERTS_ABOVE_ONE_WEI]);
    const { id } = await withdraw(merchantId, "ETH", refusing, [deposit!]);
    await runSweeps([id]);

    const sweep = await db().sweep.findUniqueOrThrow({ where: { id } });
    expect(sweep.status).toBe("failed");
    const [item] = await db().sweepItem.findMany({ where: { sweepId: id } });
    const batch = await db().sweepBatch.findFirstOrThrow({
      where: { kind: "native", toAddress: refusing.toLowerCase() },
    });
    expect(batch.status).toBe("reverted");
    const [sent] = await transactionsOf([batch.id], "native_sweep");
    const feePerGas = toBigInt(batch.feePerGas!);
    // Mined reverted at the fixed price; the revert used less than the gas limit (estimated on the 1-wei path).
    expect(sent).toMatchObject({ status: "confirmed", receipt: "reverted", price: feePerGas });
    expect(sent!.gasUsed < toBigInt(batch.gasLimit)).toBe(true);
    expect(sent!.value).toBe(amount - toBigInt(batch.gasLimit) * feePerGas);
    const fee = sent!.fee;
    expect(item).toMatchObject({ status: "failed", batchId: null, attempts: 0 });
    expect(item!.failureReason).toMatch(
      /^native sweep transaction 0x[0-9a-f]{64} reverted: nothing moved but its gas$/,
    );
    expect(sweep.failureReason).toBe(item!.failureReason);
    // On chain: the amount stayed, less the gas the address paid; the destination got nothing.
    expect(await client.getBalance({ address: deposit!.address })).toBe(amount - fee);
    expect(await client.getBalance({ address: refusing })).toBe(0n);
    // Ledger: the address's custody is its new balance; the merchant's available is what it was (the withdrawal's
    // reservation voided); the gas is the operator's, on the merchant's gas float, as for a native sweep that succeeds.
    const scope = { merchantId, livemode: false, networkId: NETWORK, asset: "ETH" };
    expect(await account(merchantAccount("custody_deposits", scope).id)).toEqual({
      debits: amount,
      credits: fee,
      pending: 0n,
    });
    expect(await account(merchantAccount("available", scope).id)).toEqual({
      credits: amount + fee,
      debits: fee,
      pending: 0n,
    });
    expect(await account(gasFloatAccount(scope).id)).toEqual({ debits: fee, credits: 0n, pending: 0n });
    const posted = await db().ledgerTransfer.findMany({
      where: { sourceId: item!.id },
      orderBy: { key: "asc" },
      select: { key: true, status: true, amount: true, txHash: true },
    });
    expect(posted.map((p) => [p.key, p.status, toBigInt(p.amount), p.txHash])).toEqual([
      [`sweep:${item!.id}`, "voided", amount, null],
      [`sweep_gas:${item!.id}`, "posted", fee, await txHashOf(batch.id)],
    ]);
    // The address is free again: no lock, nothing of the operator's on it.
    expect(await db().sweepAddressLock.count({ where: { address: deposit!.address.toLowerCase() } })).toBe(0);
    await expectMatched(merchantId);

    // Swept again, its new balance, to an address that takes it: nothing left on it.
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const again = await withdraw(merchantId, "ETH", to, [{ ...deposit!, amount: amount - fee }]);
    await runSweeps([again.id]);
    expect((await db().sweep.findUniqueOrThrow({ where: { id: again.id } })).status).toBe("confirmed");
    const [second] = await db().sweepItem.findMany({ where: { sweepId: again.id } });
    const [swept] = await transactionsOf([second!.batchId!], "native_sweep");
    expect(swept).toMatchObject({ status: "confirmed", receipt: "success", gasUsed: 21_000n });
    expect(await client.getBalance({ address: deposit!.address })).toBe(0n);
    expect(await client.getBalance({ address: to })).toBe(amount - fee - swept!.fee);
    expect(await account(merchantAccount("custody_deposits", scope).id)).toEqual({
      debits: amount,
      credits: amount,
      pending: 0n,
    });
    expect(await account(merchantAccount("available", scope).id)).toEqual({
      credits: amount + fee + swept!.fee,
      debits: amount,
      pending: 0n,
    });
    expect(await account(gasFloatAccount(scope).id)).toEqual({
      debits: fee + swept!.fee,
      credits: 0n,
      pending: 0n,
    });
    await expectMatched(merchantId);
  }, 240_000);
});

async function txHashOf(batchId: string): Promise<string | null> {
  const row = await db().outgoingTransaction.findFirstOrThrow({ where: { sourceId: batchId } });
  return row.hash;
}
