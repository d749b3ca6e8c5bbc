import { encodeFunctionData, erc20Abi, type Address, type PublicClient } from "viem";
import { NETWORK_CATALOG } from "../chains/catalog";
import type { Network } from "../chains/networks";
import { inTransaction, type Db, type Tx } from "../db";
import { randomBase62 } from "../ids";
import { logger } from "../logger";
import { toBigInt, toDbDecimal } from "../money";
import { enqueueTransaction } from "../sender/enqueue-transaction";
import { platformKeyPath } from "../wallets/platform-keys";
import type { SweepPlanReport } from "./plan-sweeps";

/** Gas of a plain ETH transfer to an address without code: what the funding transaction needs. */
const FUND_TX_GAS = 21_000n;

/**
 * Sweeps on a network without EIP-7702: per queued token item, the gas wallet sends the deposit address exactly the
 * gas its transfer needs (estimated gas + 20%, at twice the base fee plus the tip), purpose `sweep_fund`; when that
 * is confirmed, the deposit key transfers the amount itself on its own lane (queueFallbackTransfer). Native-asset
 * items are not swept by the fallback yet (they wait, logged).
 */
export async function planFallbackSweeps(
  db: Db,
  network: Network,
  client: PublicClient,
  opts: { now: () => Date; report: SweepPlanReport },
): Promise<void> {
  const items = await db.sweepItem.findMany({
    where: { networkId: network.id, status: "queued", OR: [{ notBefore: null }, { notBefore: { lte: opts.now() } }] },
    select: {
      id: true,
      livemode: true,
      asset: true,
      address: true,
      amount: true,
      sweep: { select: { toAddress: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  if (items.length === 0) return;
  const fees = await client.estimateFeesPerGas();
  for (const item of items) {
    const asset = network.assets.find((a) => a.symbol === item.asset);
    if (!asset?.tokenAddress) {
      logger().warn({ item: item.id, network: network.id }, "native sweeps without EIP-7702 are not supported yet");
      continue;
    }
    const amount = toBigInt(item.amount);
    const address = item.address as Address;
    const data = encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [item.sweep.toAddress as Address, amount],
    });
    const [estimate, balance] = await Promise.all([
      client.estimateGas({ account: address, to: asset.tokenAddress, data }),
      client.getBalance({ address }),
    ]);
    const gasLimit = (estimate * 12n) / 10n;
    const fund = gasLimit * fees.maxFeePerGas - balance;
    const batchId = `swb_${randomBase62(22)}`;
    await inTransaction(db, async (tx) => {
      const { count } = await tx.sweepItem.updateMany({
        where: { id: item.id, status: "queued" },
        data: { status: "funding", batchId },
      });
      if (count !== 1) return;
      await tx.sweepBatch.create({
        data: {
          id: batchId,
          networkId: network.id,
          livemode: item.livemode,
          asset: item.asset,
          toAddress: item.sweep.toAddress,
          kind: "fund",
          txKey: `sweep_fund:${batchId}`,
          itemCount: 1,
          // The gas limit of the transfer this funds.
          gasLimit: toDbDecimal(gasLimit),
        },
      });
      if (fund <= 0n) {
        await tx.sweepBatch.update({ where: { id: batchId }, data: { status: "confirmed" } });
        await queueFallbackTransfer(tx, batchId);
        return;
      }
      await enqueueTransaction(tx, {
        key: `sweep_fund:${batchId}`,
        networkId: network.id,
        livemode: item.livemode,
        from: { keyPath: platformKeyPath("gas", item.livemode) },
        purpose: "sweep_fund",
        sourceId: batchId,
        to: address,
        value: fund,
        gasLimit: FUND_TX_GAS,
      });
    });
    opts.report.batches++;
    opts.report.items++;
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
  });
}
