import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { toBigInt, toDbDecimal } from "../money";
import { merchantAccount, type AccountScope } from "./chart-of-accounts";
import { ensureAccounts } from "./ensure-accounts";
import { reversePostedTransfers } from "./reverse-posted-transfers";

/** Ledger keys of dust entries start with this (sync-invoice-ledger leaves them alone). */
export const DUST_KEY_PREFIX = "dust:";

/*
 * Dust (payments.dust, server/chains/dust-minimums.ts) is posted custody:deposits → merchant dust: it sits on the
 * deposit address, so custody holds it and reconciliation matches the chain, but it paid no invoice (neither
 * available nor held). Thousands of dust transfers must cost a bounded number of statements, and every ledger row
 * moves its accounts' totals in a trigger (thousands of updates of one account row in one transaction grow
 * quadratically), so dust is posted per group: one entry for the dust payments of one invoice, network, asset and
 * block recorded together, `source_id` the first of them (reconciliation finds the address through it). All of a
 * group share their block, so they confirm together (settleDustLedger) and leave the chain together
 * (orphanDustLedger).
 */

/**
 * Post the ledger entries of dust payments just recorded (new, or back in the chain after a reorg), one entry
 * per group, pending until their block has the network's confirmations. In the caller's transaction. Call it
 * once per recording: the payments passed must have no entry at their current block.
 */
export async function postDustLedger(tx: Tx, opts: { paymentIds: string[]; now: Date }): Promise<void> {
  if (opts.paymentIds.length === 0) return;
  const payments = await tx.payment.findMany({
    where: { id: { in: opts.paymentIds }, dust: true, status: { not: "reorged" } },
    select: {
      id: true,
      invoiceId: true,
      networkId: true,
      asset: true,
      decimals: true,
      amount: true,
      status: true,
      txHash: true,
      blockNumber: true,
      blockHash: true,
      invoice: { select: { merchantId: true, livemode: true } },
    },
    orderBy: { id: "asc" },
  });
  const groups = new Map<string, { first: (typeof payments)[number]; amount: bigint; count: number }>();
  for (const p of payments) {
    const k = `${p.invoiceId}/${p.networkId}/${p.asset}@${p.blockHash}/${p.status}`;
    const g = groups.get(k);
    if (g) {
      g.amount += toBigInt(p.amount);
      g.count++;
    } else groups.set(k, { first: p, amount: toBigInt(p.amount), count: 1 });
  }
  const scopeOf = (p: (typeof payments)[number]): AccountScope => ({
    merchantId: p.invoice.merchantId,
    livemode: p.invoice.livemode,
    networkId: p.networkId,
    asset: p.asset,
  });
  await ensureAccounts(
    tx,
    [...groups.values()].flatMap(({ first }) => [
      merchantAccount("custody_deposits", scopeOf(first)),
      merchantAccount("dust", scopeOf(first)),
    ]),
  );
  const rows: Prisma.LedgerTransferCreateManyInput[] = [];
  for (const { first: p, amount, count } of groups.values()) {
    if (amount <= 0n) continue;
    const scope = scopeOf(p);
    const posted = p.status === "confirmed";
    rows.push({
      id: newId("txn"),
      key: `${DUST_KEY_PREFIX}${p.id}@${p.blockHash}`,
      type: "payment",
      status: posted ? "posted" : "pending",
      postedAt: posted ? opts.now : null,
      debitAccountId: merchantAccount("custody_deposits", scope).id,
      creditAccountId: merchantAccount("dust", scope).id,
      amount: toDbDecimal(amount),
      merchantId: scope.merchantId,
      livemode: scope.livemode,
      networkId: p.networkId,
      asset: p.asset,
      decimals: p.decimals,
      invoiceId: p.invoiceId,
      sourceId: p.id,
      txHash: p.txHash,
      blockNumber: p.blockNumber,
      blockHash: p.blockHash,
      description: `Dust: ${count} transfer(s) to invoice ${p.invoiceId} below the minimum credited amount`,
      createdAt: opts.now,
    });
  }
  if (rows.length > 0) await tx.ledgerTransfer.createMany({ data: rows, skipDuplicates: true });
}

/** Post the pending dust entries of a network whose block is at or below `deepest` (its payments just confirmed). */
export async function settleDustLedger(tx: Tx, opts: { networkId: string; deepest: bigint; now: Date }): Promise<void> {
  await tx.ledgerTransfer.updateMany({
    where: {
      networkId: opts.networkId,
      key: { startsWith: DUST_KEY_PREFIX },
      status: "pending",
      blockNumber: { lte: opts.deepest },
    },
    data: { status: "posted", postedAt: opts.now },
  });
}

/**
 * Take back the dust entries of a network in blocks above a reorg's common ancestor: void the pending ones, reverse
 * the posted ones (a posted entry is never edited; the reversal carries the orphaned block, so the pair nets to
 * zero at any height, as the chain does). Re-included dust gets new entries at its new block (postDustLedger).
 */
export async function orphanDustLedger(
  tx: Tx,
  opts: { networkId: string; now: Date } & ({ ancestor: bigint } | { blocks: bigint[] }),
): Promise<void> {
  // Every block above a reorg's ancestor, or (an operator's rescan) only the blocks whose dust left the chain.
  const blockNumber = "ancestor" in opts ? { gt: opts.ancestor } : { in: opts.blocks };
  const where = { networkId: opts.networkId, key: { startsWith: DUST_KEY_PREFIX }, blockNumber };
  await tx.ledgerTransfer.updateMany({
    where: { ...where, status: "pending" },
    data: { status: "voided", voidedAt: opts.now },
  });
  await reversePostedTransfers(tx, {
    where: { ...where, type: "payment" },
    describe: () => "Reversal: dust left the chain in a reorg",
    now: opts.now,
  });
}
