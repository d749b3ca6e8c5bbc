import { inTransaction, type Db } from "../db";
import { toOutgoingTransactionView } from "./outgoing-transaction-view";
import { transactionHandlersFor } from "./transaction-handlers";

/**
 * Record that a node accepted attempt `attempt` of a transaction. The first time any attempt of it is
 * accepted (or found mined before an acceptance was recorded: a crash between broadcast and this), the
 * transaction becomes submitted and its purpose's `submitted` handler runs in the same database transaction.
 * Refusals recorded before (recordRefusal) are cleared: its next refusal starts the backoff again at 1 s.
 */
export async function recordBroadcast(
  db: Db,
  opts: { outgoingTransactionId: string; attempt: number | null; from: string; at?: Date },
): Promise<{ firstSubmission: boolean }> {
  const at = opts.at ?? new Date();
  return inTransaction(db, async (tx) => {
    if (opts.attempt !== null)
      await tx.outgoingTransactionAttempt.updateMany({
        where: { outgoingTransactionId: opts.outgoingTransactionId, attempt: opts.attempt, broadcastAt: null },
        data: { broadcastAt: at },
      });
    await tx.outgoingTransaction.updateMany({
      where: { id: opts.outgoingTransactionId, refusals: { gt: 0 } },
      data: { refusals: 0, refusalReason: null, refusedSince: null, nextAttemptAt: null, refusedBalance: null },
    });
    const { count } = await tx.outgoingTransaction.updateMany({
      where: { id: opts.outgoingTransactionId, submittedAt: null },
      data: { submittedAt: at },
    });
    if (count === 0) return { firstSubmission: false };
    const row = await tx.outgoingTransaction.findUniqueOrThrow({ where: { id: opts.outgoingTransactionId } });
    await transactionHandlersFor(row.purpose)?.submitted?.(tx, toOutgoingTransactionView(row, opts.from));
    return { firstSubmission: true };
  });
}
