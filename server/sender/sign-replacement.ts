import type { Address, Hex, LocalAccount } from "viem";
import { inTransaction, type Db } from "../db";
import { toBigInt, toDbDecimal } from "../money";
import type { StoredAuthorization } from "./enqueue-transaction";
import type { Fees } from "./fees";
import { lockLeasedLane } from "./lane-lease";
import type { StoredAttempt } from "./sign-queued-transaction";
import { signAttempt } from "./sign-attempt";

/**
 * Sign a replacement of a pending transaction on the SAME nonce with higher fees and store it as the next
 * attempt, before anything is broadcast (as signQueuedTransaction). Earlier attempts stay stored: any of
 * them may still be mined, and whichever is wins. Null when the lease was lost, the lane froze, the
 * transaction is no longer pending, or `afterAttempt` is no longer its latest attempt (another pass replaced it).
 * With `cancel`, the attempt is a cancel instead: a zero-value transfer of 21,000 gas to the sender itself (`self`)
 * on the same nonce, stored with `cancel` set (requestCancel).
 */
export async function signReplacement(
  db: Db,
  opts: {
    laneId: string;
    owner: string;
    outgoingTransactionId: string;
    afterAttempt: number;
    signer: LocalAccount;
    chainId: number;
    fees: Fees;
    head: bigint;
    cancel?: { self: Address };
  },
): Promise<StoredAttempt | null> {
  return inTransaction(db, async (tx) => {
    if (!(await lockLeasedLane(tx, { laneId: opts.laneId, owner: opts.owner }))) return null;
    const row = await tx.outgoingTransaction.findFirst({
      where: { id: opts.outgoingTransactionId, laneId: opts.laneId, status: "pending", minedHash: null },
      include: { attempts: { orderBy: { attempt: "desc" }, take: 1 } },
    });
    const latest = row?.attempts[0];
    if (!row || row.nonce === null || !latest || latest.attempt !== opts.afterAttempt) return null;
    const content = opts.cancel
      ? {
          to: opts.cancel.self,
          data: null,
          value: 0n,
          gasLimit: 21_000n,
          authorizationList: null,
          selfDelegateTo: null,
        }
      : {
          to: row.toAddress as Address,
          data: row.data as Hex | null,
          value: toBigInt(row.value),
          gasLimit: toBigInt(row.gasLimit),
          authorizationList: row.authorizationList as StoredAuthorization[] | null,
          selfDelegateTo: row.selfDelegateTo as Address | null,
        };
    const { raw, hash } = await signAttempt(
      opts.signer,
      { chainId: opts.chainId, nonce: row.nonce, ...content },
      opts.fees,
    );
    const attempt = latest.attempt + 1;
    await tx.outgoingTransactionAttempt.create({
      data: {
        outgoingTransactionId: row.id,
        attempt,
        nonce: row.nonce,
        hash,
        raw,
        maxFeePerGas: toDbDecimal(opts.fees.maxFeePerGas),
        maxPriorityFeePerGas: toDbDecimal(opts.fees.maxPriorityFeePerGas),
        signedAtBlock: opts.head,
        cancel: opts.cancel !== undefined,
      },
    });
    await tx.outgoingTransaction.update({ where: { id: row.id }, data: { hash } });
    return { outgoingTransactionId: row.id, attempt, nonce: row.nonce, hash, raw };
  });
}
