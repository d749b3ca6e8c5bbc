import type { Hex } from "viem";
import { inTransaction, type Db } from "../db";
import { logger } from "../logger";
import { toDbDecimal } from "../money";
import { toOutgoingTransactionView } from "./outgoing-transaction-view";
import { postNetworkFee } from "./post-network-fee";
import { transactionHandlersFor, type ConfirmedReceipt } from "./transaction-handlers";

/**
 * Mark a pending transaction confirmed (its mined attempt has the network's confirmations), post its network
 * fee and run its purpose's `confirmed` handler, all in one database transaction: the domain's state, the
 * ledger and the sender's row move together or not at all. A purpose without handlers is not confirmed (it
 * stays pending and is tried again: a deployment missing a domain's import must not lose its confirmation).
 * Returns whether this call confirmed it.
 */
export async function confirmOutgoingTransaction(
  db: Db,
  opts: {
    outgoingTransactionId: string;
    from: string;
    keyPath: string;
    nativeAsset: { symbol: string; decimals: number };
    receipt: ConfirmedReceipt;
    /** The mined attempt is the operator's cancel (a self-transfer on the nonce): the request failed. */
    cancelled?: boolean;
    at?: Date;
  },
): Promise<boolean> {
  const at = opts.at ?? new Date();
  const r = opts.receipt;
  return inTransaction(db, async (tx) => {
    const row = await tx.outgoingTransaction.findFirst({
      where: { id: opts.outgoingTransactionId, status: "pending" },
    });
    if (!row) return false;
    const handlers = transactionHandlersFor(row.purpose);
    if (!handlers) {
      logger().error({ outgoingTransaction: row.id, purpose: row.purpose }, "no transaction handlers for purpose");
      return false;
    }
    const cancelled = opts.cancelled === true;
    const confirmed = await tx.outgoingTransaction.update({
      where: { id: row.id },
      data: {
        status: cancelled ? "failed" : "confirmed",
        ...(cancelled ? { failedAt: at, failureReason: "cancelled" } : {}),
        hash: r.transactionHash,
        minedHash: r.transactionHash,
        minedBlockNumber: r.blockNumber,
        minedBlockHash: r.blockHash,
        receiptStatus: r.status,
        gasUsed: toDbDecimal(r.gasUsed),
        effectiveGasPrice: toDbDecimal(r.effectiveGasPrice),
        confirmedAt: at,
      },
    });
    const view = toOutgoingTransactionView(confirmed, opts.from);
    const posted = await postNetworkFee(tx, {
      outgoingTransactionId: row.id,
      purpose: row.purpose,
      sourceId: row.sourceId,
      keyPath: opts.keyPath,
      livemode: row.livemode,
      networkId: row.networkId,
      nativeAsset: opts.nativeAsset,
      fee: r.gasUsed * r.effectiveGasPrice,
      txHash: r.transactionHash as Hex,
      blockNumber: r.blockNumber,
      blockHash: r.blockHash,
      paidBy: handlers.feeAccount?.(view),
      posting: (await handlers.feePosting?.(tx, view)) ?? undefined,
      at,
    });
    if (!posted)
      logger().error(
        { outgoingTransaction: row.id, purpose: row.purpose },
        "network fee not posted: no account pays for this sender",
      );
    // A mined cancel moved nothing of the request: its domain hears `failed` (and may send again on a new nonce).
    if (cancelled) await handlers.failed?.(tx, view, "cancelled");
    else await handlers.confirmed(tx, { ...view, receipt: r });
    return true;
  });
}
