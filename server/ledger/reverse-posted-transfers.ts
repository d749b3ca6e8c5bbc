import type { Tx } from "../db";
import type { LedgerTransfer, Prisma } from "../generated/prisma/client";
import { newId } from "../ids";

/** Key of the reversal of the transfer keyed `key`. */
const reversalKey = (key: string) => `${key}:reversal`;

/**
 * Reverse the posted ledger transfers matching `where` (this adds `status: "posted"`), in the caller's transaction:
 * a posted entry is never edited, so each gets one posted `adjustment` keyed `{key}:reversal`, with debit and credit
 * swapped and the same amount, scope, source, invoice, transaction and block as the original, so the pair nets to zero
 * at any height, as the chain does. A transfer that already has its reversal is skipped and the insert skips existing
 * keys, so a replay inserts nothing. `describe` says why, per transfer.
 */
export async function reversePostedTransfers(
  tx: Tx,
  opts: { where: Prisma.LedgerTransferWhereInput; describe: (t: LedgerTransfer) => string; now: Date },
): Promise<void> {
  const posted = await tx.ledgerTransfer.findMany({ where: { ...opts.where, status: "posted" } });
  if (posted.length === 0) return;
  const reversed = new Set(
    (
      await tx.ledgerTransfer.findMany({
        where: { key: { in: posted.map((t) => reversalKey(t.key)) } },
        select: { key: true },
      })
    ).map((t) => t.key),
  );
  const rows: Prisma.LedgerTransferCreateManyInput[] = posted
    .filter((t) => !reversed.has(reversalKey(t.key)))
    .map((t) => ({
      id: newId("txn"),
      key: reversalKey(t.key),
      type: "adjustment",
      status: "posted",
      postedAt: opts.now,
      debitAccountId: t.creditAccountId,
      creditAccountId: t.debitAccountId,
      amount: t.amount,
      merchantId: t.merchantId,
      livemode: t.livemode,
      networkId: t.networkId,
      asset: t.asset,
      decimals: t.decimals,
      sourceId: t.sourceId,
      invoiceId: t.invoiceId,
      txHash: t.txHash,
      blockNumber: t.blockNumber,
      blockHash: t.blockHash,
      description: opts.describe(t),
      createdAt: opts.now,
    }));
  if (rows.length > 0) await tx.ledgerTransfer.createMany({ data: rows, skipDuplicates: true });
}
