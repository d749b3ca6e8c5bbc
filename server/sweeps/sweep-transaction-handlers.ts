// The sender's handlers for sweep transactions (purposes `sweep`, `sweep_fund` and `native_sweep`), registered at
// import time (server/sender/handlers.ts imports this module).
import { NETWORK_CATALOG } from "../chains/catalog";
import type { Tx } from "../db";
import { merchantAccount, type AccountSpec } from "../ledger/chart-of-accounts";
import { ensureAccounts } from "../ledger/ensure-accounts";
import { recordTransfer } from "../ledger/record-transfer";
import { toBigInt } from "../money";
import type { OutgoingTransactionView } from "../sender/outgoing-transaction-view";
import { registerTransactionHandlers, type ConfirmedReceipt, type FeePosting } from "../sender/transaction-handlers";
import { gasFloatAccount } from "./gas-float";
import { failSweepItems } from "./fail-sweep-items";
import { MAX_ITEM_ATTEMPTS } from "./plan-sweeps";
import { queueFallbackTransfer } from "./plan-fallback-sweeps";
import { postSweepTransfer } from "./post-sweep-transfer";
import { markSweepsSubmitted, settleSweeps } from "./settle-sweeps";

/**
 * A sweep transaction was mined with its confirmations. Success: its items are confirmed and their ledger transfers
 * posted with the block and hash. Reverted (state changed between simulation and mining): its items go back to the
 * queue to be planned again (re-simulated, split), until they fail for good after {@link MAX_ITEM_ATTEMPTS}; a
 * reverted native sweep (fallback) fails its item at once instead, see {@link failRevertedNativeSweep}.
 */
export async function onSweepConfirmed(
  tx: Tx,
  t: OutgoingTransactionView & { receipt: ConfirmedReceipt },
): Promise<void> {
  const batch = await tx.sweepBatch.findUnique({ where: { id: t.sourceId } });
  if (!batch || batch.status !== "submitted") return;
  const now = new Date();
  const items = await tx.sweepItem.findMany({
    where: { batchId: batch.id, status: "submitted" },
    select: { id: true, sweepId: true, attempts: true },
  });
  if (t.receipt.status === "success") {
    await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "confirmed" } });
    await tx.sweepItem.updateMany({
      where: { id: { in: items.map((i) => i.id) } },
      data: {
        status: "confirmed",
        txHash: t.receipt.transactionHash.toLowerCase(),
        blockNumber: t.receipt.blockNumber,
        blockHash: t.receipt.blockHash.toLowerCase(),
        failureReason: null,
      },
    });
    for (const item of items) {
      await postSweepTransfer(tx, {
        itemId: item.id,
        txHash: t.receipt.transactionHash,
        blockNumber: t.receipt.blockNumber,
        blockHash: t.receipt.blockHash,
        at: now,
      });
    }
    if (batch.kind === "native") await postNativeRest(tx, t, items[0]?.id);
    await settleSweeps(
      tx,
      items.map((i) => i.sweepId),
      now,
    );
    return;
  }
  await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "reverted" } });
  if (batch.kind === "native") {
    await failRevertedNativeSweep(tx, t, items, now);
    return;
  }
  await requeue(tx, items, `sweep transaction ${t.receipt.transactionHash} reverted`, now);
}

/**
 * A native sweep (fallback: the deposit key sends its own ETH) mined reverted: the amount did not move, but the
 * address paid the gas, gas used × P, out of its balance. The fee posting (fallbackFeePosting, already made in this
 * database transaction) gave the operator's gas float's ETH to the sweep's debit account, as for a successful native
 * sweep: fees are the operator's. Here that ETH leaves the address: debit the sweep's debit account, credit the
 * address's custody:deposits, source the item (so reconciliation follows the address), with the block that mined it.
 * The debit account ends where it was, the address's custody is its new on-chain balance, and the gas float carries
 * the gas. The item fails at once (its pending transfer is voided and its address lock released): the same amount can
 * never be swept again, only the address's new balance, by a new sweep.
 */
async function failRevertedNativeSweep(
  tx: Tx,
  t: OutgoingTransactionView & { receipt: ConfirmedReceipt },
  items: { id: string }[],
  now: Date,
): Promise<void> {
  const [first] = items;
  if (!first) return;
  const item = await tx.sweepItem.findUniqueOrThrow({
    where: { id: first.id },
    select: { id: true, merchantId: true, address: true, sweep: { select: { debitAccountId: true } } },
  });
  const fee = t.receipt.gasUsed * t.receipt.effectiveGasPrice;
  const native = nativeAssetOf(t.networkId);
  if (fee > 0n) {
    const scope = { merchantId: item.merchantId, livemode: t.livemode, networkId: t.networkId, asset: native.symbol };
    const custody = merchantAccount("custody_deposits", scope);
    await ensureAccounts(tx, [custody]);
    await recordTransfer(tx, {
      key: `sweep_gas:${item.id}`,
      type: "adjustment",
      status: "posted",
      debitAccountId: item.sweep.debitAccountId,
      creditAccountId: custody.id,
      amount: fee,
      merchantId: item.merchantId,
      livemode: t.livemode,
      networkId: t.networkId,
      asset: native.symbol,
      decimals: native.decimals,
      sourceId: item.id,
      txHash: t.receipt.transactionHash,
      blockNumber: t.receipt.blockNumber,
      blockHash: t.receipt.blockHash,
      description: `Gas of the reverted native sweep of ${item.address}, paid by the address`,
      at: now,
    });
  }
  await failSweepItems(
    tx,
    items.map((i) => i.id),
    `native sweep transaction ${t.receipt.transactionHash} reverted: nothing moved but its gas`,
    now,
  );
}

async function requeue(tx: Tx, items: { id: string; attempts: number }[], reason: string, now: Date): Promise<void> {
  const exhausted = items.filter((i) => i.attempts + 1 >= MAX_ITEM_ATTEMPTS).map((i) => i.id);
  const retry = items.filter((i) => i.attempts + 1 < MAX_ITEM_ATTEMPTS).map((i) => i.id);
  await tx.sweepItem.updateMany({
    where: { id: { in: retry } },
    data: { status: "queued", batchId: null, attempts: { increment: 1 }, failureReason: reason },
  });
  if (exhausted.length > 0) await failSweepItems(tx, exhausted, reason, now);
}

async function onSweepSubmitted(tx: Tx, t: OutgoingTransactionView): Promise<void> {
  const items = await tx.sweepItem.findMany({ where: { batchId: t.sourceId }, select: { sweepId: true } });
  await markSweepsSubmitted(
    tx,
    items.map((i) => i.sweepId),
    new Date(),
  );
}

async function onSweepFailed(tx: Tx, t: OutgoingTransactionView, reason: string): Promise<void> {
  const batch = await tx.sweepBatch.findUnique({ where: { id: t.sourceId } });
  if (!batch || batch.status !== "submitted") return;
  await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "failed" } });
  const items = await tx.sweepItem.findMany({
    where: { batchId: batch.id, status: { in: ["submitted", "funding"] } },
    select: { id: true, attempts: true },
  });
  await requeue(tx, items, `sweep transaction given up: ${reason}`, new Date());
}

/** Fallback: the gas for one address was mined; queue that address's own transfer. */
async function onFundConfirmed(tx: Tx, t: OutgoingTransactionView & { receipt: ConfirmedReceipt }): Promise<void> {
  const batch = await tx.sweepBatch.findUnique({ where: { id: t.sourceId } });
  if (!batch || batch.status !== "submitted") return;
  if (t.receipt.status !== "success") {
    await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "reverted" } });
    const items = await tx.sweepItem.findMany({
      where: { batchId: batch.id, status: "funding" },
      select: { id: true, attempts: true },
    });
    await requeue(tx, items, `funding transaction ${t.receipt.transactionHash} reverted`, new Date());
    return;
  }
  await tx.sweepBatch.update({ where: { id: batch.id }, data: { status: "confirmed" } });
  const item = await tx.sweepItem.findFirst({
    where: { batchId: batch.id, status: "funding" },
    select: { id: true, merchantId: true, address: true },
  });
  if (item) {
    // The ETH is on the deposit address now: in its custody (source the item, so reconciliation counts it on that
    // address from this block), owed to the operator's gas float, not to the merchant.
    const native = nativeAssetOf(batch.networkId);
    const scope = {
      merchantId: item.merchantId,
      livemode: batch.livemode,
      networkId: batch.networkId,
      asset: native.symbol,
    };
    const custody = merchantAccount("custody_deposits", scope);
    const float = gasFloatAccount(scope);
    await ensureAccounts(tx, [custody, float]);
    await recordTransfer(tx, {
      key: `gas_float:${batch.id}`,
      type: "adjustment",
      status: "posted",
      debitAccountId: custody.id,
      creditAccountId: float.id,
      amount: t.value,
      merchantId: item.merchantId,
      livemode: batch.livemode,
      networkId: batch.networkId,
      asset: native.symbol,
      decimals: native.decimals,
      sourceId: item.id,
      txHash: t.receipt.transactionHash,
      blockNumber: t.receipt.blockNumber,
      blockHash: t.receipt.blockHash,
      description: `Gas for the fallback sweep of ${item.address}, from the gas wallet`,
      at: new Date(),
    });
  }
  await queueFallbackTransfer(tx, batch.id);
}

function nativeAssetOf(networkId: string): { symbol: string; decimals: number } {
  const spec = NETWORK_CATALOG.find((n) => n.id === networkId);
  if (!spec) throw new Error(`unknown network ${networkId}`);
  return spec.nativeAsset;
}

/**
 * A native sweep to a contract may leave part of its gas limit unused: value + gas used × P is then below the item's
 * amount, and the rest (the merchant's) is still on the address. Posted back from the sweep's debit account to the
 * address's custody, with the item as source and the block that mined it.
 */
async function postNativeRest(
  tx: Tx,
  t: OutgoingTransactionView & { receipt: ConfirmedReceipt },
  itemId: string | undefined,
): Promise<void> {
  if (!itemId) return;
  const item = await tx.sweepItem.findUniqueOrThrow({
    where: { id: itemId },
    select: { id: true, amount: true, merchantId: true, address: true, sweep: { select: { debitAccountId: true } } },
  });
  const rest = toBigInt(item.amount) - t.value - t.receipt.gasUsed * t.receipt.effectiveGasPrice;
  if (rest <= 0n) return;
  const native = nativeAssetOf(t.networkId);
  const scope = { merchantId: item.merchantId, livemode: t.livemode, networkId: t.networkId, asset: native.symbol };
  await recordTransfer(tx, {
    key: `sweep_rest:${item.id}`,
    type: "adjustment",
    status: "posted",
    debitAccountId: merchantAccount("custody_deposits", scope).id,
    creditAccountId: item.sweep.debitAccountId,
    amount: rest,
    merchantId: item.merchantId,
    livemode: t.livemode,
    networkId: t.networkId,
    asset: native.symbol,
    decimals: native.decimals,
    sourceId: item.id,
    txHash: t.receipt.transactionHash,
    blockNumber: t.receipt.blockNumber,
    blockHash: t.receipt.blockHash,
    description: `Unused gas of the native sweep of ${item.address}, left on it`,
    at: new Date(),
  });
}

/**
 * Who pays the gas of a fallback transaction sent by a deposit key (platform wallets post their own). The token
 * transfer's gas comes out of the operator's float on the address: debit the merchant's gas float, credit the
 * address's ETH custody (source the item, so the address's ledger balance follows the chain). A native sweep's gas
 * is the operator's too: the sweep's transfer took the whole amount off the address, so the fee goes back to the
 * sweep's debit account (the merchant's available, or custody:hot that received amount − fee) from the gas float.
 */
async function fallbackFeePosting(tx: Tx, t: OutgoingTransactionView): Promise<FeePosting | null> {
  const batch = await tx.sweepBatch.findUnique({ where: { id: t.sourceId }, select: { kind: true } });
  if (!batch || (batch.kind !== "transfer" && batch.kind !== "native")) return null;
  const item = await tx.sweepItem.findFirst({
    where: { batchId: t.sourceId },
    select: { id: true, merchantId: true, sweep: { select: { debitAccountId: true } } },
  });
  if (!item) return null;
  const native = nativeAssetOf(t.networkId);
  const scope = { merchantId: item.merchantId, livemode: t.livemode, networkId: t.networkId, asset: native.symbol };
  if (batch.kind === "transfer")
    return { expense: gasFloatAccount(scope), paidBy: merchantAccount("custody_deposits", scope), sourceId: item.id };
  return {
    expense: gasFloatAccount(scope),
    paidBy: await accountSpec(tx, item.sweep.debitAccountId),
    sourceId: t.sourceId,
  };
}

async function accountSpec(tx: Tx, id: string): Promise<AccountSpec> {
  const a = await tx.ledgerAccount.findUniqueOrThrow({ where: { id } });
  return {
    id: a.id,
    code: a.code,
    merchantId: a.merchantId,
    livemode: a.livemode,
    networkId: a.networkId,
    asset: a.asset,
    debitsMustNotExceedCredits: a.debitsMustNotExceedCredits,
  };
}

registerTransactionHandlers("sweep", {
  submitted: onSweepSubmitted,
  confirmed: onSweepConfirmed,
  failed: onSweepFailed,
  feePosting: fallbackFeePosting,
});
registerTransactionHandlers("native_sweep", {
  submitted: onSweepSubmitted,
  confirmed: onSweepConfirmed,
  failed: onSweepFailed,
  feePosting: fallbackFeePosting,
});
registerTransactionHandlers("sweep_fund", { confirmed: onFundConfirmed, failed: onSweepFailed });
