import { enabledNetworks } from "../chains/networks";
import { inTransaction, type Db, type Tx } from "../db";
import { newId } from "../ids";
import { merchantAccount } from "../ledger/chart-of-accounts";
import { getBalances } from "../ledger/get-balances";
import { logger } from "../logger";
import { recordAudit } from "../audit/record-audit";
import { notifyOwnersAndAdmins } from "./notify-owners-and-admins";
import { toBigInt, toDbDecimal } from "../money";
import { requestWithdrawalSweep } from "./request-withdrawal-sweep";
// Registers what a withdrawal does when its sweep moves: loaded wherever the planner is (the worker's tick).
import "./withdrawal-sweep-handlers";
import { assetDecimals } from "./serialize-auto-withdrawal";
import { sweepableDepositBalances, takeFromDeposits } from "./sweepable-deposit-balances";
import { findNetwork } from "../chains/networks";
import { usesEip7702 } from "../sweeps/prepare-sweeps";
import { SweepAddressBusy } from "../sweeps/request-sweep";
import { sweepMinimum } from "../sweeps/sweep-minimum";

/** After a failed withdrawal, its rule waits this long before trying again (a sweep failing for good is rare and loud). */
export const RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;

/**
 * A rule whose last this many withdrawals all failed (an address that refuses the asset, say) is disabled instead of
 * failing again every hour for ever; every owner and admin is told, and a new rule starts it again.
 */
export const FAILURES_BEFORE_DISABLING = 3;

/** What one planning pass did. */
export interface PlanReport {
  /** Rules whose 24 hours were up and became active. */
  activated: number;
  /** Withdrawals created (each with its sweep requested). */
  created: string[];
}

/**
 * The worker's "withdrawals" tick part: activate the rules whose `active_at` has come, then, for each active rule of
 * an enabled network whose merchant's `available` has reached the threshold, create one withdrawal and request its
 * sweep (see planWithdrawal). A rule that fails is logged and skipped; the others go on.
 */
export async function planWithdrawals(db: Db, opts: { now?: Date } = {}): Promise<PlanReport> {
  const now = opts.now ?? new Date();
  const activated = await db.autoWithdrawal.updateMany({
    where: { status: "pending_activation", activeAt: { lte: now } },
    data: { status: "active" },
  });
  const rules = await db.autoWithdrawal.findMany({
    where: { status: "active", activeAt: { lte: now }, networkId: { in: enabledNetworks().map((n) => n.id) } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  const created: string[] = [];
  for (const rule of rules) {
    try {
      const id = await inTransaction(db, (tx) => planWithdrawal(tx, { ruleId: rule.id, now }));
      if (id) created.push(id);
    } catch (error) {
      // Another sweep (a consolidation for payouts) took one of the chosen addresses first: next pass.
      if (error instanceof SweepAddressBusy) continue;
      logger().error({ err: error, autoWithdrawal: rule.id }, "could not plan a withdrawal");
    }
  }
  return { activated: activated.count, created };
}

/**
 * Under one rule (locked), when the merchant's `available` in its (network, asset, mode) is at least the threshold
 * and no withdrawal of the rule is in flight: create withdrawal `sequence` = the rule's count + 1 for exactly
 * `available − keep` (less only when the sweepable deposit balances do not cover it, e.g. funds consolidated into
 * the hot wallet or on an address still in another sweep), taken from deposit addresses with confirmed funds, largest
 * first, whole, and the last only for the part still needed (takeFromDeposits; the sweeper moves exact amounts), and
 * request its sweep in the same transaction, so that the reservation (pending ledger transfers debiting
 * `available`) and the withdrawal commit together or not at all. A worker that crashes before the commit leaves
 * nothing; after it, the rule's count has moved and the row exists, and (rule, sequence) is unique besides.
 * Returns the withdrawal id, or null when there is nothing to do.
 */
export async function planWithdrawal(tx: Tx, opts: { ruleId: string; now: Date }): Promise<string | null> {
  const [rule] = await tx.$queryRaw<
    {
      id: string;
      merchant_id: string;
      livemode: boolean;
      network_id: string;
      asset: string;
      address: string;
      threshold: string;
      keep: string;
      withdrawal_count: number;
    }[]
  >`SELECT id, merchant_id, livemode, network_id, asset, address, threshold::text, keep::text, withdrawal_count
      FROM auto_withdrawals WHERE id = ${opts.ruleId} AND status = 'active' FOR UPDATE`;
  if (!rule) return null;
  const recent = await tx.withdrawal.findMany({
    where: { autoWithdrawalId: rule.id },
    orderBy: { sequence: "desc" },
    take: FAILURES_BEFORE_DISABLING,
    select: { status: true, failedAt: true, failureReason: true },
  });
  const last = recent[0];
  if (last && (last.status === "pending" || last.status === "submitted")) return null;
  if (
    last?.status === "failed" &&
    last.failedAt &&
    opts.now.getTime() - last.failedAt.getTime() < RETRY_AFTER_FAILURE_MS
  ) {
    return null;
  }
  if (recent.length === FAILURES_BEFORE_DISABLING && recent.every((w) => w.status === "failed")) {
    await disableFailingRule(tx, { rule, reason: last?.failureReason ?? null, now: opts.now });
    return null;
  }
  const scope = {
    merchantId: rule.merchant_id,
    livemode: rule.livemode,
    networkId: rule.network_id,
    asset: rule.asset,
  };
  const balance = (await getBalances(tx, scope)).find(
    (b) => b.networkId === scope.networkId && b.asset === scope.asset,
  );
  const available = balance?.available ?? 0n;
  if (available < toBigInt(rule.threshold)) return null;
  const minimum = sweepMinimum(scope.networkId, scope.asset) ?? 1n;
  const chosen = takeFromDeposits(await sweepableDepositBalances(tx, scope), available - toBigInt(rule.keep), {
    minPart: sweptByDepositKey(scope) ? minimum : 1n,
  });
  const amount = chosen.reduce((sum, c) => sum + c.amount, 0n);
  if (amount === 0n || amount < minimum) return null;

  const sequence = rule.withdrawal_count + 1;
  const id = newId("wd");
  await tx.autoWithdrawal.update({ where: { id: rule.id }, data: { withdrawalCount: sequence } });
  await tx.withdrawal.create({
    data: {
      id,
      merchantId: scope.merchantId,
      livemode: scope.livemode,
      autoWithdrawalId: rule.id,
      sequence,
      networkId: scope.networkId,
      asset: scope.asset,
      decimals: assetDecimals(scope.networkId, scope.asset),
      address: rule.address,
      amount: toDbDecimal(amount),
      createdAt: opts.now,
    },
  });
  const sweep = await requestWithdrawalSweep(tx, {
    key: `withdrawal:${rule.id}#${sequence}`,
    withdrawalId: id,
    ...scope,
    to: rule.address,
    debitAccountId: merchantAccount("available", scope).id,
    items: chosen,
  });
  await tx.withdrawal.update({ where: { id }, data: { sweepId: sweep.id } });
  logger().info(
    { withdrawal: id, autoWithdrawal: rule.id, sweep: sweep.id, amount: amount.toString(), addresses: chosen.length },
    "withdrawal planned",
  );
  return id;
}

/**
 * Whether a native-coin withdrawal on this network is sent by the deposit keys themselves (no EIP-7702 at this
 * worker's start): each address's share then arrives less its own gas, so a part smaller than the network's sweep
 * minimum is not taken from an address (see takeFromDeposits).
 */
function sweptByDepositKey(scope: { networkId: string; asset: string }): boolean {
  const network = findNetwork(scope.networkId);
  if (!network) return false;
  return network.nativeAsset.symbol === scope.asset && !usesEip7702(network);
}

/**
 * Disable a rule after FAILURES_BEFORE_DISABLING failed withdrawals in a row (the rule's row is locked by the caller):
 * status `disabled`, its (network, asset) slot freed for a new rule, an audit row by the worker, and a notice to
 * every owner and admin naming the address and the last failure's reason.
 */
async function disableFailingRule(
  tx: Tx,
  opts: {
    rule: { id: string; merchant_id: string; livemode: boolean; network_id: string; asset: string; address: string };
    reason: string | null;
    now: Date;
  },
): Promise<void> {
  const { rule } = opts;
  await tx.autoWithdrawal.update({
    where: { id: rule.id },
    data: { status: "disabled", currentSlot: null, disabledAt: opts.now },
  });
  await recordAudit(tx, {
    merchantId: rule.merchant_id,
    livemode: rule.livemode,
    actor: "worker",
    action: "auto_withdrawal.disabled_after_failures",
    targetType: "auto_withdrawal",
    targetId: rule.id,
    data: { failures: FAILURES_BEFORE_DISABLING, last_failure_reason: opts.reason },
  });
  await notifyOwnersAndAdmins(tx, {
    merchantId: rule.merchant_id,
    kind: "auto_withdrawal.disabled",
    message:
      `Auto-withdrawal of ${rule.asset} on ${rule.network_id} to ${rule.address} was turned off after ` +
      `${FAILURES_BEFORE_DISABLING} failed withdrawals in a row` +
      (opts.reason ? ` (last: ${opts.reason})` : "") +
      ". Add a rule again once the address can receive it.",
    data: { autoWithdrawal: rule.id, address: rule.address, network: rule.network_id, asset: rule.asset },
    now: opts.now,
  });
  logger().warn(
    { autoWithdrawal: rule.id, merchantId: rule.merchant_id, failures: FAILURES_BEFORE_DISABLING },
    "auto-withdrawal disabled after failed withdrawals",
  );
}
