import { encodeFunctionData, erc20Abi, type Address, type Hex, type PublicClient } from "viem";
import { publicClientFor } from "../chains/client";
import { enabledNetworks, type Network } from "../chains/networks";
import { inTransaction, type Db, type Tx } from "../db";
import { merchantAccount } from "../ledger/chart-of-accounts";
import { logger } from "../logger";
import { toBigInt } from "../money";
import { enqueueTransaction } from "../sender/enqueue-transaction";
import { usesEip7702 } from "../sweeps/prepare-sweeps";
import { requestSweep, SweepAddressBusy } from "../sweeps/request-sweep";
import { platformAddress, platformKeyPath } from "../wallets/platform-keys";
import { sweepableDepositBalances } from "../withdrawals/sweepable-deposit-balances";
import { batchExecutor, batchExecutorAvailable, encodeTransferTokens } from "./batch-executor";
import { failUnsendablePayouts } from "./payout-transaction-handlers";

/** EIP-7825's cap on a transaction's gas: every request stays under it. */
const MAX_TX_GAS = 16_777_216n;
/** Most transfers tried in one executor call before estimating (halved while the estimate is over the cap). */
const MAX_CHUNK = 400;
/** What an EIP-7702 authorization adds to the intrinsic gas (PER_EMPTY_ACCOUNT_COST), not seen by the estimate. */
const AUTHORIZATION_GAS = 25_000n;

/** What one pass planned. */
export interface PayoutPlanReport {
  /** Transaction requests queued with the sender, and the payouts they carry. */
  transactions: number;
  payouts: number;
  /** Consolidation sweeps requested because the hot wallet's share of a merchant could not cover its payouts. */
  consolidations: number;
  /** Payouts left queued for a later pass (waiting for a consolidation, or an estimate that failed). */
  waiting: number;
}

interface QueuedPayout {
  id: string;
  merchantId: string;
  livemode: boolean;
  asset: string;
  tokenAddress: string | null;
  amount: bigint;
  address: Address;
  batchId: string | null;
  /** Half of a reverted batch transaction it is in (payout-transaction-handlers' split), else null. */
  splitGroup: string | null;
}

/** One transaction request to queue: the payouts it carries, in order, and how. */
interface PlannedTransaction {
  key: string;
  purpose: "payout" | "payout_batch";
  sourceId: string;
  payoutIds: string[];
  to: Address;
  data?: Hex;
  value?: bigint;
  gasLimit: bigint;
  selfDelegateTo?: Address;
}

/**
 * The `payouts` tick part (worker only: it reads the hot wallet's address from the seed). For each enabled network,
 * per merchant, mode and asset, the queued payouts not yet handed to the sender:
 *
 * 1. Coverage. Funds sit on deposit addresses; the hot wallet holds a merchant's share only once consolidated. The
 *    payouts whose amounts fit the merchant's posted `custody:hot` balance (less what is already handed over) are
 *    sent, in creation order; for the rest a consolidation sweep (`requestSweep`, purpose `consolidation`, debiting
 *    custody:hot) of whole deposit addresses covering the shortfall is requested, and they wait for it to post.
 * 2. Transactions. From the hot wallet's lane: native payouts one value transfer each (key `payout:{id}`); token
 *    payouts of a batch through PayrailBatchExecutor, the hot wallet delegating to itself with EIP-7702 (key
 *    `payout_batch:{batch}#{first payout}`, as many payouts per transaction as fit under 16,777,216 gas, estimated
 *    with the executor's code as a state override); other token payouts, or where 7702 or the executor is missing,
 *    one ERC-20 transfer each (`payout:{id}`).
 * 3. Hand-over, exactly once. In one DB transaction per request: the payouts are locked (FOR UPDATE, the lock cancel
 *    takes), re-checked still `queued` and unassigned, given the request's key (`outgoing_key`, which a trigger never
 *    lets change) and the request is enqueued. A crash before commit leaves nothing; after it, the payouts are no
 *    longer candidates. A payout cancelled meanwhile drops the whole request, re-planned on the next pass.
 */
export async function planPayouts(
  db: Db,
  opts: { networks?: Network[]; now?: () => Date; clientFor?: (n: Network) => PublicClient } = {},
): Promise<PayoutPlanReport> {
  const report: PayoutPlanReport = { transactions: 0, payouts: 0, consolidations: 0, waiting: 0 };
  for (const network of opts.networks ?? enabledNetworks()) {
    try {
      await planNetwork(db, network, (opts.clientFor ?? publicClientFor)(network), report);
    } catch (error) {
      logger().error({ err: error, network: network.id }, "payout planning failed");
    }
  }
  return report;
}

async function planNetwork(db: Db, network: Network, client: PublicClient, report: PayoutPlanReport): Promise<void> {
  const rows = await db.payout.findMany({
    where: { networkId: network.id, status: "queued", outgoingKey: null },
    orderBy: [{ createdAt: "asc" }, { batchIndex: "asc" }, { id: "asc" }],
    select: {
      id: true,
      merchantId: true,
      livemode: true,
      asset: true,
      tokenAddress: true,
      amount: true,
      address: true,
      batchId: true,
      splitGroup: true,
    },
    take: 5_000,
  });
  if (rows.length === 0) return;
  const groups = new Map<string, QueuedPayout[]>();
  for (const r of rows) {
    const k = `${r.merchantId}|${r.livemode}|${r.asset}`;
    const list = groups.get(k) ?? [];
    list.push({ ...r, amount: toBigInt(r.amount), address: r.address as Address });
    groups.set(k, list);
  }
  for (const payouts of groups.values()) {
    const sendable = await coverPayouts(db, network, payouts, report);
    report.waiting += payouts.length - sendable.length;
    if (sendable.length === 0) continue;
    const unsendable: QueuedPayout[] = [];
    const planned = await planTransactions(client, network, sendable, unsendable);
    if (unsendable.length > 0)
      await inTransaction(db, (tx) =>
        failUnsendablePayouts(
          tx,
          unsendable.map((p) => p.id),
          "Its transfer reverts on its own (split out of a batch transaction that reverted); nothing was sent.",
          new Date(),
        ),
      );
    report.waiting += sendable.length - unsendable.length - planned.reduce((n, t) => n + t.payoutIds.length, 0);
    for (const t of planned) {
      const handed = await handOver(db, network, sendable[0]!.livemode, t);
      if (handed) {
        report.transactions += 1;
        report.payouts += t.payoutIds.length;
      } else report.waiting += t.payoutIds.length;
    }
  }
}

/**
 * The payouts (a prefix, in order) that the merchant's posted hot-wallet share covers now, after what is already
 * handed to the sender; requests a consolidation for the shortfall of the others when none is in flight for it.
 */
async function coverPayouts(
  db: Db,
  network: Network,
  payouts: QueuedPayout[],
  report: PayoutPlanReport,
): Promise<QueuedPayout[]> {
  const first = payouts[0]!;
  const scope = { merchantId: first.merchantId, livemode: first.livemode, networkId: network.id, asset: first.asset };
  const hot = merchantAccount("custody_hot", scope);
  const account = await db.ledgerAccount.findUnique({ where: { id: hot.id } });
  const posted = account ? toBigInt(account.debitsPosted) - toBigInt(account.creditsPosted) : 0n;
  const incoming = account ? toBigInt(account.debitsPending) : 0n;
  const handed = await db.payout.aggregate({
    where: { ...scopeWhere(scope), status: { in: ["queued", "submitted"] }, outgoingKey: { not: null } },
    _sum: { amount: true },
  });
  let free = posted - (handed._sum.amount ? toBigInt(handed._sum.amount) : 0n);
  const sendable: QueuedPayout[] = [];
  for (const p of payouts) {
    if (p.amount > free) break;
    sendable.push(p);
    free -= p.amount;
  }
  const waiting = payouts.slice(sendable.length).reduce((s, p) => s + p.amount, 0n);
  const shortfall = waiting - free - incoming;
  if (shortfall > 0n) {
    const requested = await requestConsolidation(db, {
      ...scope,
      hotAccountId: hot.id,
      shortfall,
      for: payouts[sendable.length]!.id,
    });
    if (requested) report.consolidations += 1;
  }
  return sendable;
}

const scopeWhere = (s: { merchantId: string; livemode: boolean; networkId: string; asset: string }) => ({
  merchantId: s.merchantId,
  livemode: s.livemode,
  networkId: s.networkId,
  asset: s.asset,
});

/**
 * Sweep whole deposit addresses (largest first) holding at least `shortfall` into the hot wallet, charged to the
 * merchant's custody:hot. Keyed by the number of consolidations of that account so far: two workers planning the
 * same state request the same sweep. Returns whether one was requested (none when nothing is sweepable yet).
 */
async function requestConsolidation(
  db: Db,
  opts: {
    merchantId: string;
    livemode: boolean;
    networkId: string;
    asset: string;
    hotAccountId: string;
    shortfall: bigint;
    for: string;
  },
): Promise<boolean> {
  const candidates = await sweepableDepositBalances(db, opts);
  const sources: typeof candidates = [];
  let covered = 0n;
  for (const c of candidates) {
    if (covered >= opts.shortfall) break;
    sources.push(c);
    covered += c.amount;
  }
  if (sources.length === 0) return false;
  const done = await db.sweep.count({ where: { debitAccountId: opts.hotAccountId } });
  const outcome = await inTransaction(db, (tx) =>
    requestSweep(tx, {
      key: `consolidation:${opts.hotAccountId}#${done + 1}`,
      networkId: opts.networkId,
      livemode: opts.livemode,
      merchantId: opts.merchantId,
      asset: opts.asset,
      to: platformAddress("hot", opts.livemode),
      purpose: "consolidation",
      sourceId: opts.for,
      debitAccountId: opts.hotAccountId,
      sources: sources.map((s) => ({ address: s.address as Address, keyPath: s.keyPath, amount: s.amount })),
    }),
  ).catch((error: unknown) => {
    // A withdrawal took one of these addresses first (sweep_address_locks): consolidate on a later pass.
    if (error instanceof SweepAddressBusy) return { created: false };
    throw error;
  });
  return outcome.created;
}

/** The transaction requests that carry `payouts` (all of one merchant, mode and asset); an unestimable one is left out. */
async function planTransactions(
  client: PublicClient,
  network: Network,
  payouts: QueuedPayout[],
  unsendable: QueuedPayout[],
): Promise<PlannedTransaction[]> {
  const hot = platformAddress("hot", payouts[0]!.livemode);
  const token = payouts[0]!.tokenAddress as Address | null;
  const out: PlannedTransaction[] = [];
  const batched = new Map<string, QueuedPayout[]>();
  const singles: QueuedPayout[] = [];
  for (const p of payouts) {
    // The halves of a reverted batch transaction are planned apart (never merged back into one request).
    const group = `${p.batchId}|${p.splitGroup ?? ""}`;
    if (token && p.batchId) batched.set(group, [...(batched.get(group) ?? []), p]);
    else singles.push(p);
  }
  const executor =
    token && batched.size > 0 && usesEip7702(network) && (await batchExecutorAvailable(client, network))
      ? batchExecutor().address
      : null;
  for (const items of batched.values()) {
    if (!executor || items.length === 1) {
      singles.push(...items);
      continue;
    }
    const batchId = items[0]!.batchId!;
    out.push(...(await planExecutorChunks(client, { hot, token: token!, executor, batchId, items, unsendable })));
  }
  for (const p of singles) {
    const t = await planSingle(client, { hot, token, payout: p });
    if (t) out.push(t);
    else if (p.splitGroup !== null) unsendable.push(p);
  }
  return out;
}

/** Batch items through the executor, as many per transaction as fit under the gas cap (halving on an estimate over it). */
async function planExecutorChunks(
  client: PublicClient,
  opts: {
    hot: Address;
    token: Address;
    executor: Address;
    batchId: string;
    items: QueuedPayout[];
    unsendable: QueuedPayout[];
  },
): Promise<PlannedTransaction[]> {
  const runtime = await client.getCode({ address: opts.executor });
  const out: PlannedTransaction[] = [];
  let rest = opts.items;
  let size = Math.min(MAX_CHUNK, rest.length);
  while (rest.length > 0) {
    const chunk = rest.slice(0, size);
    const data = encodeTransferTokens(
      opts.token,
      chunk.map((p) => ({ to: p.address, amount: p.amount })),
    );
    let estimate: bigint;
    try {
      estimate = await client.estimateGas({
        account: opts.hot,
        to: opts.hot,
        data,
        stateOverride: [{ address: opts.hot, code: runtime }],
      });
    } catch (error) {
      if (size > 1) {
        size = Math.ceil(size / 2);
        continue;
      }
      // Split out of a reverted batch transaction and still reverting alone: it fails (else: retried next pass).
      if (chunk[0]!.splitGroup !== null) opts.unsendable.push(chunk[0]!);
      else
        logger().warn(
          { err: error, payout: chunk[0]!.id },
          "payout transfer estimate failed; retried on the next pass",
        );
      rest = rest.slice(1);
      continue;
    }
    const gasLimit = (estimate * 5n) / 4n + AUTHORIZATION_GAS + 10_000n;
    if (gasLimit > MAX_TX_GAS && size > 1) {
      size = Math.ceil(size / 2);
      continue;
    }
    out.push({
      key: `payout_batch:${opts.batchId}#${chunk[0]!.id}${chunk[0]!.splitGroup ? `/${chunk[0]!.splitGroup}` : ""}`,
      purpose: "payout_batch",
      sourceId: opts.batchId,
      payoutIds: chunk.map((p) => p.id),
      to: opts.hot,
      data,
      gasLimit: gasLimit > MAX_TX_GAS ? MAX_TX_GAS : gasLimit,
      selfDelegateTo: opts.executor,
    });
    rest = rest.slice(chunk.length);
    size = Math.min(size, rest.length || 1);
  }
  return out;
}

/** One payout in its own transaction: a value transfer, or an ERC-20 `transfer` from the hot wallet. */
async function planSingle(
  client: PublicClient,
  opts: { hot: Address; token: Address | null; payout: QueuedPayout },
): Promise<PlannedTransaction | null> {
  const p = opts.payout;
  const call = opts.token
    ? {
        to: opts.token,
        data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [p.address, p.amount] }),
        value: undefined,
      }
    : { to: p.address, data: undefined, value: p.amount };
  let estimate: bigint;
  try {
    estimate = await client.estimateGas({ account: opts.hot, to: call.to, data: call.data, value: call.value });
  } catch (error) {
    logger().warn({ err: error, payout: p.id }, "payout estimate failed; retried on the next pass");
    return null;
  }
  return {
    key: `payout:${p.id}`,
    purpose: "payout",
    sourceId: p.id,
    payoutIds: [p.id],
    to: call.to,
    data: call.data,
    value: call.value,
    gasLimit: (estimate * 5n) / 4n,
  };
}

/**
 * Hand a planned request to the sender, once: lock its payouts, check each is still queued and unassigned (a
 * cancel may have won the race), mark them with the request's key and enqueue it, all in one DB transaction.
 * Returns false (nothing written) when any payout is no longer a candidate.
 */
async function handOver(db: Db, network: Network, livemode: boolean, t: PlannedTransaction): Promise<boolean> {
  return inTransaction(db, async (tx: Tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM payouts WHERE id = ANY(${t.payoutIds}::text[]) AND status = 'queued' AND outgoing_key IS NULL
       ORDER BY id FOR UPDATE`;
    if (locked.length !== t.payoutIds.length) return false;
    // Re-read after the lock: a cancel that committed while we waited is seen here.
    const still = await tx.payout.count({
      where: { id: { in: t.payoutIds }, status: "queued", outgoingKey: null },
    });
    if (still !== t.payoutIds.length) return false;
    await tx.payout.updateMany({ where: { id: { in: t.payoutIds } }, data: { outgoingKey: t.key } });
    const { created } = await enqueueTransaction(tx, {
      key: t.key,
      networkId: network.id,
      livemode,
      from: { keyPath: platformKeyPath("hot", livemode) },
      purpose: t.purpose,
      sourceId: t.sourceId,
      to: t.to,
      data: t.data,
      value: t.value,
      gasLimit: t.gasLimit,
      selfDelegateTo: t.selfDelegateTo,
    });
    // A request under this key can only exist for payouts already assigned to it: never reuse one.
    if (!created) throw new Error(`transaction request ${t.key} exists although its payouts were unassigned`);
    return true;
  });
}
