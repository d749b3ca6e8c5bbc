import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { customerAccounts, merchantAccount, type AccountScope } from "../ledger/chart-of-accounts";
import { ensureAccounts } from "../ledger/ensure-accounts";
import { reversePostedTransfers } from "../ledger/reverse-posted-transfers";
import { toDbDecimal } from "../money";

/** Ledger keys of deposit entries start with this: `dep:{depositId}@{blockHash}` (and `...:customer`, `...:reversal`). */
export const DEPOSIT_KEY_PREFIX = "dep:";

/** A deposit just recorded (new, or back in the chain at a new block), as its ledger entries need it. */
export interface DepositForLedger {
  id: string;
  customerId: string;
  merchantId: string;
  livemode: boolean;
  networkId: string;
  asset: string;
  decimals: number;
  amount: bigint;
  belowMinimum: boolean;
  txHash: string;
  blockNumber: bigint;
  blockHash: string;
}

/**
 * Post the pending ledger entries of deposits just recorded, in the caller's transaction (chart-of-accounts.ts):
 * custody:deposits → merchant available and the memo pair customers → customer:{cus}, or custody:deposits → dust for
 * a deposit below the minimum. Keys carry the block hash, so a deposit re-included at another block after a reorg
 * gets new entries while the old ones stay voided or reversed. A replay inserts nothing.
 */
export async function postDepositLedger(tx: Tx, deposits: DepositForLedger[], now: Date): Promise<void> {
  if (deposits.length === 0) return;
  const scopeOf = (d: DepositForLedger): AccountScope => ({
    merchantId: d.merchantId,
    livemode: d.livemode,
    networkId: d.networkId,
    asset: d.asset,
  });
  await ensureAccounts(
    tx,
    deposits.flatMap((d) => {
      const scope = scopeOf(d);
      if (d.belowMinimum) return [merchantAccount("custody_deposits", scope), merchantAccount("dust", scope)];
      const { customer, memo } = customerAccounts(d.customerId, scope);
      return [merchantAccount("custody_deposits", scope), merchantAccount("available", scope), customer, memo];
    }),
  );
  const rows: Prisma.LedgerTransferCreateManyInput[] = [];
  for (const d of deposits) {
    if (d.amount <= 0n) continue;
    const scope = scopeOf(d);
    const key = `${DEPOSIT_KEY_PREFIX}${d.id}@${d.blockHash}`;
    const common = {
      status: "pending" as const,
      amount: toDbDecimal(d.amount),
      merchantId: d.merchantId,
      livemode: d.livemode,
      networkId: d.networkId,
      asset: d.asset,
      decimals: d.decimals,
      sourceId: d.id,
      txHash: d.txHash,
      blockNumber: d.blockNumber,
      blockHash: d.blockHash,
      createdAt: now,
    };
    if (d.belowMinimum) {
      rows.push({
        ...common,
        id: newId("txn"),
        key,
        type: "deposit",
        debitAccountId: merchantAccount("custody_deposits", scope).id,
        creditAccountId: merchantAccount("dust", scope).id,
        description: `Deposit ${d.id} of customer ${d.customerId} below the minimum: kept as dust, not credited`,
      });
      continue;
    }
    const { customer, memo } = customerAccounts(d.customerId, scope);
    rows.push(
      {
        ...common,
        id: newId("txn"),
        key,
        type: "deposit",
        debitAccountId: merchantAccount("custody_deposits", scope).id,
        creditAccountId: merchantAccount("available", scope).id,
        description: `Deposit ${d.id} of customer ${d.customerId}`,
      },
      {
        ...common,
        id: newId("txn"),
        key: `${key}:customer`,
        type: "deposit",
        debitAccountId: memo.id,
        creditAccountId: customer.id,
        description: `Deposit ${d.id} credited to customer ${d.customerId}`,
      },
    );
  }
  if (rows.length > 0) await tx.ledgerTransfer.createMany({ data: rows, skipDuplicates: true });
}

/** Post the pending entries of deposits that just reached their confirmations (their ids), in the caller's transaction. */
export async function settleDepositLedger(tx: Tx, opts: { depositIds: string[]; now: Date }): Promise<void> {
  if (opts.depositIds.length === 0) return;
  await tx.ledgerTransfer.updateMany({
    where: { sourceId: { in: opts.depositIds }, key: { startsWith: DEPOSIT_KEY_PREFIX }, status: "pending" },
    data: { status: "posted", postedAt: opts.now },
  });
}

/**
 * Take back the deposit entries of a network in blocks above a reorg's common ancestor: void the pending ones, reverse
 * the posted ones (a posted entry is never edited; the reversal carries the orphaned block, so the pair nets to zero
 * at any height, as the chain does). In the caller's transaction.
 */
export async function orphanDepositLedger(
  tx: Tx,
  opts: { networkId: string; ancestor: bigint; now: Date },
): Promise<void> {
  const where = {
    networkId: opts.networkId,
    key: { startsWith: DEPOSIT_KEY_PREFIX },
    blockNumber: { gt: opts.ancestor },
  };
  await tx.ledgerTransfer.updateMany({
    where: { ...where, status: "pending" },
    data: { status: "voided", voidedAt: opts.now },
  });
  await reversePostedTransfers(tx, {
    where: { ...where, type: "deposit", NOT: { key: { endsWith: ":reversal" } } },
    // Deposit entries carry no invoice, so neither do their reversals.
    describe: (t) => `Reversal: deposit ${t.sourceId} left the chain in a reorg`,
    now: opts.now,
  });
}
