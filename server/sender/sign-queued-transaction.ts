import type { Address, Hex, LocalAccount } from "viem";
import { inTransaction, type Db } from "../db";
import { toBigInt, toDbDecimal } from "../money";
import type { StoredAuthorization } from "./enqueue-transaction";
import type { Fees } from "./fees";
import { lockLeasedLane } from "./lane-lease";
import { signAttempt } from "./sign-attempt";

/** A signed attempt as stored. */
export interface StoredAttempt {
  outgoingTransactionId: string;
  attempt: number;
  nonce: bigint;
  hash: Hex;
  raw: Hex;
}

/**
 * Give the lane's next nonce to a queued transaction (and the one after it to its self-delegation, when it has
 * `selfDelegateTo`), sign it and store the raw transaction and its hash,
 * all in one database transaction: once this returns, the bytes that may reach the chain are on disk, so a
 * crash at any later point is recovered by sending the same bytes again, and the nonce is never handed out
 * twice. Null (nothing stored) when this worker lost the lane's lease, the lane froze, or the request is no
 * longer queued.
 */
export async function signQueuedTransaction(
  db: Db,
  opts: {
    laneId: string;
    owner: string;
    outgoingTransactionId: string;
    signer: LocalAccount;
    chainId: number;
    fees: Fees;
    head: bigint;
  },
): Promise<StoredAttempt | null> {
  return inTransaction(db, async (tx) => {
    const lane = await lockLeasedLane(tx, { laneId: opts.laneId, owner: opts.owner });
    if (!lane || lane.nextNonce === null) return null;
    const row = await tx.outgoingTransaction.findFirst({
      where: { id: opts.outgoingTransactionId, laneId: opts.laneId, status: "queued" },
    });
    if (!row) return null;
    const nonce = lane.nextNonce;
    const fixed = row.fixedFeePerGas === null ? null : toBigInt(row.fixedFeePerGas);
    // A fixed fee is both fees: the transaction then costs exactly gas used × fee, whatever the base fee.
    const fees = fixed === null ? opts.fees : { maxFeePerGas: fixed, maxPriorityFeePerGas: fixed };
    const { raw, hash } = await signAttempt(
      opts.signer,
      {
        chainId: opts.chainId,
        nonce,
        to: row.toAddress as Address,
        data: row.data as Hex | null,
        value: toBigInt(row.value),
        gasLimit: toBigInt(row.gasLimit),
        authorizationList: row.authorizationList as StoredAuthorization[] | null,
        selfDelegateTo: row.selfDelegateTo as Address | null,
      },
      fees,
    );
    await tx.outgoingTransactionAttempt.create({
      data: {
        outgoingTransactionId: row.id,
        attempt: 0,
        nonce,
        hash,
        raw,
        maxFeePerGas: toDbDecimal(fees.maxFeePerGas),
        maxPriorityFeePerGas: toDbDecimal(fees.maxPriorityFeePerGas),
        signedAtBlock: opts.head,
      },
    });
    await tx.outgoingTransaction.update({ where: { id: row.id }, data: { status: "pending", nonce, hash } });
    // A self-delegation's authorization (signed for nonce + 1) moves the sender's nonce once more when it is mined.
    await tx.txLane.update({ where: { id: opts.laneId }, data: { nextNonce: nonce + (row.selfDelegateTo ? 2n : 1n) } });
    return { outgoingTransactionId: row.id, attempt: 0, nonce, hash, raw };
  });
}
