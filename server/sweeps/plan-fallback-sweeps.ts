import { BaseError, encodeFunctionData, erc20Abi, type Address, type PublicClient } from "viem";
import { NETWORK_CATALOG } from "../chains/catalog";
import type { Network } from "../chains/networks";
import { inTransaction, type Db, type Tx } from "../db";
import { randomBase62 } from "../ids";
import { toBigInt, toDbDecimal } from "../money";
import { enqueueTransaction } from "../sender/enqueue-transaction";
import { currentFees } from "../sender/fees";
import { laneSettings } from "../sender/lane-settings";
import { platformKeyPath } from "../wallets/platform-keys";
import { gasFloatAccount, gasFloatOnAddress } from "./gas-float";
import { deferItem, nodeUnreachable, revertReason, type PlannedItem, type SweepPlanReport } from "./plan-sweeps";

/** Gas of a plain ETH transfer to an address without code: what the funding transaction needs. */
const FUND_TX_GAS = 21_000n;

interface FallbackItem {
  id: string;
  livemode: boolean;
  merchantId: string;
  asset: string;
  address: Address;
  keyPath: string;
  amount: bigint;
  attempts: number;
  to: Address;
}

/**
 * Sweeps on a network without EIP-7702 (the catalog's per-network `eip7702` flag off, or the start-up check failed).
 * Every transaction a deposit key sends here is signed with one fee per gas P (max fee = tip = P: twice the base fee
 * plus the tip at planning), so it costs exactly gas used × P whatever the base fee does, and is never replaced.
 *
 * - Token item: the gas wallet sends the deposit address gas limit × P less the operator's float already there
 *   (purpose `sweep_fund`; the gas limit is the estimate + 20%); once that is confirmed the deposit key transfers the
 *   amount itself (queueFallbackTransfer). The funding is posted custody:deposits (ETH, source the item) / the
 *   merchant's gas float, the key's gas float / custody:deposits, so the ETH left on the address (gas limit − gas
 *   used, × P) stays in the ledger and is used by the address's next funding.
 * - Native item: the deposit key sends the item's amount less gas × P (21,000 gas to an address without code) to the
 *   destination itself (purpose `native_sweep`): exactly the item's amount leaves the address (the rest of a partial
 *   withdrawal stays). The gas is the operator's: the sweep's transfer moves the whole amount and the fee is posted
 *   gas float / the sweep's debit account.
 *
 * Every item moves exactly its amount (a withdrawal may take part of an address's balance); an item whose address
 * holds less than that on chain waits (deferItem). An item whose own transfer reverts in its gas estimate (a
 * destination that refuses ETH, a token that refuses the transfer) fails for good with that reason, and the pass goes
 * on with the next item; an estimate the node refuses otherwise waits like a short balance (deferItem). The node
 * unreachable (down, timeout: nodeUnreachable) is thrown, stopping the network's pass with every item still queued
 * and its attempts untouched (planSweeps logs it). One open item per address (the
 * sweep_address_locks table) keeps the float of an address from being spent twice.
 */
export async function planFallbackSweeps(
  db: Db,
  network: Network,
  client: PublicClient,
  opts: { now: () => Date; report: SweepPlanReport },
): Promise<void> {
  const rows = await db.sweepItem.findMany({
    where: { networkId: network.id, status: "queued", OR: [{ notBefore: null }, { notBefore: { lte: opts.now() } }] },
    select: {
      id: true,
      livemode: true,
      merchantId: true,
      asset: true,
      address: true,
      keyPath: true,
      amount: true,
      attempts: true,
      sweep: { select: { toAddress: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  if (rows.length === 0) return;
  const { maxFeePerGas: feePerGas } = await currentFees(client, laneSettings(network.id).maxFeePerGas);
  for (const r of rows) {
    const item: FallbackItem = {
      ...r,
      address: r.address as Address,
      amount: toBigInt(r.amount),
      to: r.sweep.toAddress as Address,
    };
    const asset = network.assets.find((a) => a.symbol === item.asset);
    if (!asset) continue;
    if (asset.tokenAddress) await planTokenItem(db, network, client, item, asset.tokenAddress, feePerGas, opts);
    else await planNativeItem(db, network, client, item, feePerGas, opts);
  }
}

function asPlanned(item: FallbackItem): PlannedItem {
  return { ...item, authorization: null, delegated: false };
}

async function planTokenItem(
  db: Db,
  network: Network,
  client: PublicClient,
  item: FallbackItem,
  token: Address,
  feePerGas: bigint,
  opts: { now: () => Date; report: SweepPlanReport },
): Promise<void> {
  const onChain = await client.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [item.address],
    blockTag: "latest",
  });
  // The key transfers exactly the item's amount: what the address holds beyond it (the rest of a partial
  // withdrawal, a payment not yet confirmed) stays on it. Less than the amount: the node is behind the ledger, wait.
  if (onChain < item.amount) {
    await deferItem(
      db,
      asPlanned(item),
      `on-chain balance ${onChain} is below ${item.amount}`,
      opts.now(),
      opts.report,
    );
    return;
  }
  const data = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [item.to, item.amount] });
  const estimated = await estimateItem(
    () => client.estimateGas({ account: item.address, to: token, data }),
    (reason) => `the ${item.asset} transfer to ${item.to.toLowerCase()} reverts (${reason})`,
  );
  if ("reason" in estimated) {
    await deferItem(db, asPlanned(item), estimated.reason, opts.now(), opts.report, estimated.final);
    return;
  }
  const estimate = estimated.gas;
  const gasLimit = (estimate * 12n) / 10n;
  const float = await gasFloatOnAddress(db, {
    accountId: gasFloatAccount({ ...item, networkId: network.id, asset: network.nativeAsset.symbol }).id,
    networkId: network.id,
    address: item.address,
  });
  const fund = gasLimit * feePerGas - float;
  const batchId = `swb_${randomBase62(22)}`;
  const queued = await inTransaction(db, async (tx) => {
    const { count } = await tx.sweepItem.updateMany({
      where: { id: item.id, status: "queued" },
      data: { status: "funding", batchId, failureReason: null },
    });
    if (count !== 1) return false;
    await tx.sweepBatch.create({
      data: {
        id: batchId,
        networkId: network.id,
        livemode: item.livemode,
        asset: item.asset,
        toAddress: item.to.toLowerCase(),
        kind: "fund",
        txKey: `sweep_fund:${batchId}`,
        itemCount: 1,
        // The gas limit and fee of the transfer this funds.
        gasLimit: toDbDecimal(gasLimit),
        feePerGas: toDbDecimal(feePerGas),
      },
    });
    if (fund <= 0n) {
      // The float left by earlier sweeps of this address covers it.
      await tx.sweepBatch.update({ where: { id: batchId }, data: { status: "confirmed" } });
      await queueFallbackTransfer(tx, batchId);
      return true;
    }
    await enqueueTransaction(tx, {
      key: `sweep_fund:${batchId}`,
      networkId: network.id,
      livemode: item.livemode,
      from: { keyPath: platformKeyPath("gas", item.livemode) },
      purpose: "sweep_fund",
      sourceId: batchId,
      to: item.address,
      value: fund,
      gasLimit: FUND_TX_GAS,
    });
    return true;
  });
  if (!queued) return;
  opts.report.batches++;
  opts.report.items++;
}

async function planNativeItem(
  db: Db,
  network: Network,
  client: PublicClient,
  item: FallbackItem,
  feePerGas: bigint,
  opts: { now: () => Date; report: SweepPlanReport },
): Promise<void> {
  const [onChain, float, code] = await Promise.all([
    client.getBalance({ address: item.address, blockTag: "latest" }),
    gasFloatOnAddress(db, {
      accountId: gasFloatAccount({ ...item, networkId: network.id, asset: network.nativeAsset.symbol }).id,
      networkId: network.id,
      address: item.address,
    }),
    client.getCode({ address: item.to }),
  ]);
  if (onChain - float < item.amount) {
    await deferItem(
      db,
      asPlanned(item),
      `on-chain balance ${onChain} less the gas float ${float} is below ${item.amount}`,
      opts.now(),
      opts.report,
    );
    return;
  }
  // A plain transfer to an address without code uses exactly 21,000 gas: value + 21,000 × P is exactly the item's
  // amount, so the address keeps exactly what it held beyond it (the rest of a partial withdrawal, the float).
  // A contract destination is estimated; what its gas limit leaves unused stays on the address and is posted back.
  const estimated =
    code === undefined || code === "0x"
      ? { gas: FUND_TX_GAS }
      : await estimateItem(
          () => client.estimateGas({ account: item.address, to: item.to, value: 1n }),
          (reason) => `the destination ${item.to.toLowerCase()} refuses ETH: a transfer to it reverts (${reason})`,
        );
  if ("reason" in estimated) {
    await deferItem(db, asPlanned(item), estimated.reason, opts.now(), opts.report, estimated.final);
    return;
  }
  const gasLimit = estimated.gas;
  const value = item.amount - gasLimit * feePerGas;
  if (value <= 0n) {
    await deferItem(
      db,
      asPlanned(item),
      `${item.amount} wei does not cover its own gas`,
      opts.now(),
      opts.report,
      true,
    );
    return;
  }
  const batchId = `swb_${randomBase62(22)}`;
  const queued = await inTransaction(db, async (tx) => {
    const { count } = await tx.sweepItem.updateMany({
      where: { id: item.id, status: "queued" },
      data: { status: "submitted", batchId, failureReason: null },
    });
    if (count !== 1) return false;
    await tx.sweepBatch.create({
      data: {
        id: batchId,
        networkId: network.id,
        livemode: item.livemode,
        asset: item.asset,
        toAddress: item.to.toLowerCase(),
        kind: "native",
        txKey: `native_sweep:${batchId}`,
        itemCount: 1,
        gasLimit: toDbDecimal(gasLimit),
        feePerGas: toDbDecimal(feePerGas),
      },
    });
    await enqueueTransaction(tx, {
      key: `native_sweep:${batchId}`,
      networkId: network.id,
      livemode: item.livemode,
      from: { keyPath: item.keyPath },
      purpose: "native_sweep",
      sourceId: batchId,
      to: item.to,
      value,
      gasLimit,
      fixedFeePerGas: feePerGas,
    });
    return true;
  });
  if (!queued) return;
  opts.report.batches++;
  opts.report.items++;
}

/**
 * An item's gas estimate, or why there is none: a revert (`describe` of the node's message) is about the item (its
 * destination, its token) and final, it fails alone; another refusal by the node waits and is retried (not final).
 * The node unreachable is thrown.
 */
async function estimateItem(
  estimate: () => Promise<bigint>,
  describe: (reason: string) => string,
): Promise<{ gas: bigint } | { reason: string; final: boolean }> {
  try {
    return { gas: await estimate() };
  } catch (error) {
    // A revert first: a node may answer one with an internal error (-32603) under the revert message.
    const reverted = revertReason(error);
    if (reverted !== null) return { reason: describe(reverted), final: true };
    if (nodeUnreachable(error)) throw error;
    return { reason: `its gas estimate failed (${(error as BaseError).shortMessage})`, final: false };
  }
}

/** Fallback, once its gas is there: the deposit address's own token transfer, on its own lane (purpose `sweep`). */
export async function queueFallbackTransfer(tx: Tx, fundBatchId: string): Promise<void> {
  const fundBatch = await tx.sweepBatch.findUniqueOrThrow({ where: { id: fundBatchId } });
  const item = await tx.sweepItem.findFirst({
    where: { batchId: fundBatchId, status: "funding" },
    select: {
      id: true,
      address: true,
      keyPath: true,
      amount: true,
      asset: true,
      sweep: { select: { toAddress: true } },
    },
  });
  if (!item) return;
  if (fundBatch.feePerGas === null) throw new Error(`fallback batch ${fundBatch.id} has no fee per gas`);
  const spec = NETWORK_CATALOG.find((n) => n.id === fundBatch.networkId);
  const token = spec?.tokens.find((t) => t.symbol === item.asset)?.tokenAddress;
  if (!token) throw new Error(`${fundBatch.networkId} has no token ${item.asset}`);
  const batchId = `swb_${randomBase62(22)}`;
  await tx.sweepBatch.create({
    data: {
      id: batchId,
      networkId: fundBatch.networkId,
      livemode: fundBatch.livemode,
      asset: fundBatch.asset,
      toAddress: fundBatch.toAddress,
      kind: "transfer",
      txKey: `sweep:${batchId}`,
      itemCount: 1,
      gasLimit: fundBatch.gasLimit,
      feePerGas: fundBatch.feePerGas,
    },
  });
  await tx.sweepItem.update({ where: { id: item.id }, data: { status: "submitted", batchId } });
  await enqueueTransaction(tx, {
    key: `sweep:${batchId}`,
    networkId: fundBatch.networkId,
    livemode: fundBatch.livemode,
    from: { keyPath: item.keyPath },
    purpose: "sweep",
    sourceId: batchId,
    to: token,
    data: encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [item.sweep.toAddress as Address, toBigInt(item.amount)],
    }),
    gasLimit: toBigInt(fundBatch.gasLimit),
    fixedFeePerGas: toBigInt(fundBatch.feePerGas),
  });
}
