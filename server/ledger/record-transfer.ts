import type { Tx } from "../db";
import type { LedgerTransferType } from "../generated/prisma/client";
import { newId } from "../ids";
import { toDbDecimal } from "../money";

/** A transfer to record: `amount` base units from the `debit` account to the `credit` account. */
export interface TransferInput {
  /** Deterministic key of the fact that causes it: recording the same key twice inserts nothing. */
  key: string;
  type: LedgerTransferType;
  status: "pending" | "posted";
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  merchantId: string | null;
  livemode: boolean;
  networkId: string;
  asset: string;
  decimals: number;
  sourceId?: string | null;
  invoiceId?: string | null;
  txHash?: string | null;
  blockNumber?: bigint | null;
  blockHash?: string | null;
  description: string;
  at: Date;
}

/**
 * Insert a transfer unless its key exists; both accounts' totals move in the same statement (a
 * PostgreSQL trigger). Returns whether it was inserted. The accounts must exist (`ensureAccounts`).
 */
export async function recordTransfer(tx: Tx, t: TransferInput): Promise<boolean> {
  if (t.amount <= 0n) throw new RangeError(`ledger transfer ${t.key} must move a positive amount, not ${t.amount}`);
  const { count } = await tx.ledgerTransfer.createMany({
    data: [
      {
        id: newId("txn"),
        key: t.key,
        type: t.type,
        status: t.status,
        debitAccountId: t.debitAccountId,
        creditAccountId: t.creditAccountId,
        amount: toDbDecimal(t.amount),
        merchantId: t.merchantId,
        livemode: t.livemode,
        networkId: t.networkId,
        asset: t.asset,
        decimals: t.decimals,
        sourceId: t.sourceId ?? null,
        invoiceId: t.invoiceId ?? null,
        txHash: t.txHash ?? null,
        blockNumber: t.blockNumber ?? null,
        blockHash: t.blockHash ?? null,
        description: t.description,
        createdAt: t.at,
        postedAt: t.status === "posted" ? t.at : null,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}
