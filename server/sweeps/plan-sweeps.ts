import {
  BaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  ExecutionRevertedError,
  HttpRequestError,
  InternalRpcError,
  LimitExceededRpcError,
  ResourceUnavailableRpcError,
  SocketClosedError,
  TimeoutError,
  WebSocketRequestError,
  erc20Abi,
  multicall3Abi,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
  type SignedAuthorization,
} from "viem";
import { publicClientFor } from "../chains/client";
import { enabledNetworks, type Network } from "../chains/networks";
import { inTransaction, type Db } from "../db";
import { randomBase62 } from "../ids";
import { multicall3For } from "../ledger/multicall3";
import { logger } from "../logger";
import { toBigInt, toDbDecimal } from "../money";
import { enqueueTransaction, type StoredAuthorization } from "../sender/enqueue-transaction";
import { platformAddress, platformKeyPath, signerForPath } from "../wallets/platform-keys";
import { failSweepItems } from "./fail-sweep-items";
import { planFallbackSweeps } from "./plan-fallback-sweeps";
import { usesEip7702 } from "./prepare-sweeps";
import { sweeperDeployment } from "./sweeper-deployment";

/** EIP-7825's cap on one transaction's gas (Osaka); every batch stays under it. */
export const MAX_TX_GAS = 16_777_216n;
/** Upper bound of addresses per batch before simulation (~36,000 gas each with its authorization). */
export const MAX_BATCH_ITEMS = 300;
/** Simulations a singleton may fail (or plans it may be deferred) before the item fails for good. */
export const MAX_ITEM_ATTEMPTS = 5;
/** How long an item that could not be swept waits before the next plan. */
export const RETRY_DELAY_MS = 30_000;

/** What one planning pass did, summed over networks. */
export interface SweepPlanReport {
  /** Transactions queued for the sender. */
  batches: number;
  /** Items put into them. */
  items: number;
  /** Items left for a later pass (balance not there yet, simulation failed). */
  deferred: number;
  /** Items given up (voided in the ledger). */
  failed: number;
  /** Authorizations signed in this pass (fresh ones and stale ones replaced). */
  signed: number;
}

/** A queued item with what planning needs. */
export interface PlannedItem {
  id: string;
  address: Address;
  keyPath: string;
  amount: bigint;
  attempts: number;
  authorization: StoredAuthorization | null;
  /** Known to be delegated to the sweeper already (an earlier 7702 sweep of this address was mined). */
  delegated: boolean;
}

interface Group {
  networkId: string;
  livemode: boolean;
  asset: string;
  to: Address;
  items: PlannedItem[];
}

/**
 * The `sweeps` tick part: batch the queued sweep items of every enabled network per (network, mode, asset,
 * destination) and queue one transaction per batch with the sender. With EIP-7702 each deposit address's key signs,
 * offline, an authorization delegating it to the gas wallet's sweeper (real chain id, nonce 0 for an address that
 * never sent anything); the batch is simulated (eth_estimateGas with its authorization list) and split in halves on a
 * revert, down to the one address that reverts, whose delegation and nonce are then read: already delegated to the
 * sweeper needs no authorization, a wrong nonce is re-signed, and the address is retried on its own. Each batch is
 * kept under 16,777,216 gas. The sweeper moves exactly each item's amount (`sweepBatchAmounts`), so a withdrawal may
 * take part of an address's balance and what the ledger posts is what moved. Networks without 7702 use the fallback
 * (planFallbackSweeps). An item whose address holds less than its amount on chain waits. An item whose destination
 * refuses the asset (its own transfer reverts) fails for good with that reason (its sweep and withdrawal fail, the
 * reservation is voided) while the other items are planned. The node unreachable (down, timeout: nodeUnreachable)
 * stops that network's pass, logged once, leaving its items queued and their attempts untouched. Safe to run concurrently:
 * items are claimed with a conditional update.
 */
export async function planSweeps(
  db: Db,
  opts: { networks?: Network[]; now?: () => Date; clientFor?: (n: Network) => PublicClient } = {},
): Promise<SweepPlanReport> {
  const report: SweepPlanReport = { batches: 0, items: 0, deferred: 0, failed: 0, signed: 0 };
  const now = opts.now ?? (() => new Date());
  for (const network of opts.networks ?? enabledNetworks()) {
    try {
      const client = (opts.clientFor ?? publicClientFor)(network);
      if (usesEip7702(network)) await planNetwork(db, network, client, now, report);
      else await planFallbackSweeps(db, network, client, { now, report });
    } catch (error) {
      logger().error({ err: error, network: network.id }, "sweep planning failed");
    }
  }
  return report;
}

async function queuedGroups(db: Db, network: Network, now: Date): Promise<Group[]> {
  const rows = await db.sweepItem.findMany({
    where: { networkId: network.id, status: "queued", OR: [{ notBefore: null }, { notBefore: { lte: now } }] },
    select: {
      id: true,
      livemode: true,
      asset: true,
      address: true,
      keyPath: true,
      amount: true,
      attempts: true,
      authorization: true,
      sweep: { select: { toAddress: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 2_000,
  });
  if (rows.length === 0) return [];
  const delegated = new Set(
    (
      await db.sweepItem.findMany({
        where: {
          networkId: network.id,
          status: "confirmed",
          address: { in: rows.map((r) => r.address) },
          batchId: { not: null },
        },
        select: { address: true, livemode: true },
        distinct: ["address"],
      })
    ).map((r) => r.address),
  );
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const key = `${r.livemode}|${r.asset}|${r.sweep.toAddress}`;
    let g = groups.get(key);
    if (!g) {
      g = { networkId: network.id, livemode: r.livemode, asset: r.asset, to: r.sweep.toAddress as Address, items: [] };
      groups.set(key, g);
    }
    g.items.push({
      id: r.id,
      address: r.address as Address,
      keyPath: r.keyPath,
      amount: toBigInt(r.amount),
      attempts: r.attempts,
      authorization: (r.authorization as StoredAuthorization | null) ?? null,
      delegated: delegated.has(r.address),
    });
  }
  return [...groups.values()];
}

async function planNetwork(
  db: Db,
  network: Network,
  client: PublicClient,
  now: () => Date,
  report: SweepPlanReport,
): Promise<void> {
  for (const group of await queuedGroups(db, network, now())) {
    const operator = platformAddress("gas", group.livemode);
    const sweeper = sweeperDeployment(operator).address;
    const code = await client.getCode({ address: sweeper });
    if (code === undefined || code === "0x") {
      logger().error(
        { network: network.id, sweeper, operator },
        "the gas wallet's sweeper is not deployed on this network: nothing swept (see docs/operations.md)",
      );
      continue;
    }
    const asset = network.assets.find((a) => a.symbol === group.asset);
    if (!asset) continue;

    // The sweeper moves exactly each item's amount (sweepBatchAmounts): an address holding less waits (the node is
    // behind the ledger); what it holds beyond the amount (the rest of a partial withdrawal, a payment not yet
    // confirmed, the fallback's gas float) stays on it.
    const balances = await readBalances(client, network.chainId, asset.tokenAddress, group.items);
    const ready: PlannedItem[] = [];
    for (const item of group.items) {
      const balance = balances.get(item.address) ?? 0n;
      if (balance >= item.amount) ready.push(item);
      else await deferItem(db, item, `on-chain balance ${balance} is below ${item.amount}`, now(), report);
    }

    const ctx: BatchContext = { db, network, client, operator, sweeper, token: asset.tokenAddress, group, now, report };
    for (let i = 0; i < ready.length; i += MAX_BATCH_ITEMS) {
      const chunk = ready.slice(i, i + MAX_BATCH_ITEMS);
      for (const item of chunk) await ensureAuthorization(ctx, item);
      await simulateAndQueue(ctx, chunk);
    }
  }
}

interface BatchContext {
  db: Db;
  network: Network;
  client: PublicClient;
  operator: Address;
  sweeper: Address;
  token: Address | null;
  group: Group;
  now: () => Date;
  report: SweepPlanReport;
}

async function readBalances(
  client: PublicClient,
  chainId: number,
  token: Address | null,
  items: PlannedItem[],
): Promise<Map<string, bigint>> {
  // Uncached: viem caches the block number for its polling interval, and a balance read at a block from seconds ago
  // would miss what just arrived (the item would wait for nothing).
  const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
  const multicall = multicall3For(chainId, blockNumber);
  const results = (await client.multicall({
    contracts: items.map((i) =>
      token
        ? { address: token, abi: erc20Abi, functionName: "balanceOf" as const, args: [i.address] as const }
        : {
            address: multicall.address,
            abi: multicall3Abi,
            functionName: "getEthBalance" as const,
            args: [i.address] as const,
          },
    ),
    allowFailure: false,
    blockNumber,
    multicallAddress: multicall.address,
    stateOverride: multicall.stateOverride,
  })) as unknown as bigint[];
  return new Map(items.map((i, n) => [i.address, results[n]!]));
}

/** Sign (and store) the item's authorization if it needs one and has none for this sweeper and chain. */
async function ensureAuthorization(ctx: BatchContext, item: PlannedItem, nonce = 0): Promise<void> {
  if (item.delegated) return;
  const a = item.authorization;
  if (
    a &&
    a.chainId === ctx.network.chainId &&
    a.address.toLowerCase() === ctx.sweeper.toLowerCase() &&
    a.nonce === nonce
  )
    return;
  // The real chain id, never 0: an authorization valid on every chain could be replayed elsewhere.
  const signer = signerForPath(item.keyPath);
  if (!signer.signAuthorization) throw new Error("this viem account cannot sign EIP-7702 authorizations");
  const signed = await signer.signAuthorization({
    chainId: ctx.network.chainId,
    address: ctx.sweeper,
    nonce,
  });
  item.authorization = stored(signed);
  ctx.report.signed++;
  await ctx.db.sweepItem.update({ where: { id: item.id }, data: { authorization: item.authorization } });
}

function stored(a: SignedAuthorization): StoredAuthorization {
  return { address: a.address, chainId: a.chainId, nonce: a.nonce, r: a.r, s: a.s, yParity: a.yParity ?? 0 };
}

/** The batch's authorizations; undefined when every address is delegated already (a set-code transaction must carry at least one). */
function authorizationList(items: PlannedItem[]): SignedAuthorization[] | undefined {
  const list = items.flatMap((i) =>
    !i.delegated && i.authorization
      ? [{ ...i.authorization, yParity: i.authorization.yParity } satisfies SignedAuthorization]
      : [],
  );
  return list.length > 0 ? list : undefined;
}

function batchCalldata(ctx: BatchContext, items: PlannedItem[]): Hex {
  return encodeFunctionData({
    abi: sweeperDeployment(ctx.operator).abi,
    functionName: "sweepBatchAmounts",
    args: [ctx.token ?? zeroAddress, ctx.group.to, items.map((i) => i.address), items.map((i) => i.amount)],
  });
}

/**
 * The batch's gas with headroom, or null when the simulation fails (it reverts, or the node refuses it). The node
 * unreachable ({@link nodeUnreachable}: down, timeout, rate limit) is thrown: it says nothing about the items, so the
 * network's pass stops and they all stay queued, their attempts untouched.
 */
async function simulate(ctx: BatchContext, items: PlannedItem[]): Promise<bigint | null> {
  try {
    const gas = await ctx.client.estimateGas({
      account: ctx.operator,
      to: ctx.sweeper,
      data: batchCalldata(ctx, items),
      authorizationList: authorizationList(items),
    });
    // 20% headroom (state may change a little before it is mined), never above the cap.
    return (gas * 12n) / 10n + 10_000n;
  } catch (error) {
    // A revert first: a node may answer one with an internal error (-32603) under the revert message.
    if (revertReason(error) === null && nodeUnreachable(error)) throw error;
    logger().debug({ err: error, items: items.length }, "sweep batch simulation reverted");
    return null;
  }
}

/**
 * Why a node's error says the call itself cannot succeed (it reverts, or needs more gas than any block allows): the
 * node's short message. Null for anything else (the node down, a timeout, a rate limit, a malformed answer), which
 * says nothing about the call and must not fail what it was planning.
 */
export function revertReason(error: unknown): string | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((e) => e instanceof ExecutionRevertedError || e instanceof ContractFunctionRevertedError);
  return reverted instanceof BaseError ? reverted.shortMessage : null;
}

/**
 * Whether an error is about reaching the node rather than about the request: no answer (connection refused, HTTP
 * error status, timeout, socket closed), a rate limit, a resource unavailable or an internal error, or anything that
 * is not a viem error. Planning stops the network's pass on it and changes no item.
 */
export function nodeUnreachable(error: unknown): boolean {
  if (!(error instanceof BaseError)) return true;
  return (
    error.walk(
      (e) =>
        e instanceof HttpRequestError ||
        e instanceof TimeoutError ||
        e instanceof WebSocketRequestError ||
        e instanceof SocketClosedError ||
        e instanceof LimitExceededRpcError ||
        e instanceof ResourceUnavailableRpcError ||
        e instanceof InternalRpcError,
    ) !== null
  );
}

/**
 * Why an address whose sweep reverts on its own (with a current authorization) can never be swept to this
 * destination, or null when the destination takes the asset (the revert is something else: deferred, retried).
 * Native: a plain 1-wei transfer from the address to the destination reverts (a contract without `receive`, or one
 * that always reverts). Token: the address's own `transfer(to, amount)` reverts (a token refusing the destination).
 */
async function destinationRefusal(ctx: BatchContext, item: PlannedItem): Promise<string | null> {
  const to = ctx.group.to.toLowerCase();
  try {
    if (ctx.token === null) await ctx.client.estimateGas({ account: item.address, to: ctx.group.to, value: 1n });
    else
      await ctx.client.estimateGas({
        account: item.address,
        to: ctx.token,
        data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [ctx.group.to, item.amount] }),
      });
    return null;
  } catch (error) {
    const reason = revertReason(error);
    if (reason === null) return null;
    return ctx.token === null
      ? `the destination ${to} refuses ETH: a transfer to it reverts (${reason})`
      : `the ${ctx.group.asset} transfer to ${to} reverts (${reason})`;
  }
}

async function simulateAndQueue(ctx: BatchContext, items: PlannedItem[]): Promise<void> {
  if (items.length === 0) return;
  const gasLimit = await simulate(ctx, items);
  if (gasLimit !== null && gasLimit <= MAX_TX_GAS) {
    await queueBatch(ctx, items, gasLimit);
    return;
  }
  if (items.length > 1) {
    // One stale authorization reverts the whole batch: halve until the culprit stands alone.
    const half = Math.ceil(items.length / 2);
    await simulateAndQueue(ctx, items.slice(0, half));
    await simulateAndQueue(ctx, items.slice(half));
    return;
  }
  const [item] = items as [PlannedItem];
  if (gasLimit !== null) {
    await deferItem(ctx.db, item, `one address needs ${gasLimit} gas, above the cap`, ctx.now(), ctx.report, true);
    return;
  }
  // Alone and reverting: read its delegation and nonce, then fix the authorization and try once more.
  const [code, nonce] = await Promise.all([
    ctx.client.getCode({ address: item.address }),
    ctx.client.getTransactionCount({ address: item.address }),
  ]);
  const designator = `0xef0100${ctx.sweeper.slice(2)}`.toLowerCase();
  const before = JSON.stringify([item.delegated, item.authorization]);
  if (code?.toLowerCase() === designator) {
    item.delegated = true; // already ours: no authorization needed
  } else {
    item.delegated = false;
    await ensureAuthorization(ctx, item, nonce); // a wrong nonce is stale: sign again with the current one
  }
  if (JSON.stringify([item.delegated, item.authorization]) !== before) {
    const retried = await simulate(ctx, [item]);
    if (retried !== null && retried <= MAX_TX_GAS) {
      await queueBatch(ctx, [item], retried);
      return;
    }
  }
  // Still reverting with a current authorization: a destination that refuses the asset fails the item at once (it
  // would revert on every pass); anything else waits and is retried up to MAX_ITEM_ATTEMPTS.
  const refusal = await destinationRefusal(ctx, item);
  if (refusal !== null) {
    await deferItem(ctx.db, item, refusal, ctx.now(), ctx.report, true);
    return;
  }
  await deferItem(ctx.db, item, "the sweep of this address reverts in simulation", ctx.now(), ctx.report);
}

async function queueBatch(ctx: BatchContext, items: PlannedItem[], gasLimit: bigint): Promise<void> {
  const batchId = `swb_${randomBase62(22)}`;
  const txKey = `sweep:${batchId}`;
  const ids = items.map((i) => i.id);
  const queued = await inTransaction(ctx.db, async (tx) => {
    // Claim: another worker planning the same items at the same time gets none of them.
    const { count } = await tx.sweepItem.updateMany({
      where: { id: { in: ids }, status: "queued" },
      data: { status: "submitted", batchId, failureReason: null },
    });
    if (count !== ids.length) throw new ClaimLost();
    await tx.sweepBatch.create({
      data: {
        id: batchId,
        networkId: ctx.network.id,
        livemode: ctx.group.livemode,
        asset: ctx.group.asset,
        toAddress: ctx.group.to.toLowerCase(),
        kind: "eip7702",
        txKey,
        itemCount: items.length,
        gasLimit: toDbDecimal(gasLimit),
      },
    });
    await enqueueTransaction(tx, {
      key: txKey,
      networkId: ctx.network.id,
      livemode: ctx.group.livemode,
      from: { keyPath: platformKeyPath("gas", ctx.group.livemode) },
      purpose: "sweep",
      sourceId: batchId,
      to: ctx.sweeper,
      data: batchCalldata(ctx, items),
      gasLimit,
      authorizationList: authorizationList(items),
    });
    return true;
  }).catch((error: unknown) => {
    if (error instanceof ClaimLost) return false;
    throw error;
  });
  if (!queued) return;
  ctx.report.batches++;
  ctx.report.items += items.length;
  logger().info(
    { network: ctx.network.id, batch: batchId, items: items.length, gasLimit: gasLimit.toString() },
    "sweep batch queued",
  );
}

class ClaimLost extends Error {}

/** Leave an item for a later pass; after {@link MAX_ITEM_ATTEMPTS} (or at once when `final`) it fails for good. */
export async function deferItem(
  db: Db,
  item: PlannedItem,
  reason: string,
  now: Date,
  report: SweepPlanReport,
  final = false,
): Promise<void> {
  if (final || item.attempts + 1 >= MAX_ITEM_ATTEMPTS) {
    await inTransaction(db, (tx) => failSweepItems(tx, [item.id], reason, now));
    report.failed++;
    logger().warn({ item: item.id, address: item.address, reason }, "sweep item failed");
    return;
  }
  await db.sweepItem.updateMany({
    where: { id: item.id, status: "queued" },
    data: { attempts: { increment: 1 }, notBefore: new Date(now.getTime() + RETRY_DELAY_MS), failureReason: reason },
  });
  report.deferred++;
  logger().warn({ item: item.id, address: item.address, reason }, "sweep item deferred");
}
