import type { Address, Hex, PublicClient } from "viem";
import type { Network } from "../chains/networks";
import { inTransaction, type Db } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";
import { findCanonicalReceipt } from "./find-receipt";
import { toOutgoingTransactionView } from "./outgoing-transaction-view";
import { transactionHandlersFor } from "./transaction-handlers";

/** What unfreezing a lane did. */
export interface UnfrozenLane {
  laneId: string;
  /** Pending transactions whose nonce a foreign transaction took (settled beyond reorg depth): now failed. */
  failed: string[];
  /** The nonce the lane hands out next. */
  nextNonce: bigint;
}

/**
 * Unfreeze a lane after an operator has found out who else used its key (and stopped them). Every pending
 * transaction whose nonce the chain has used (at the network's confirmation depth, so that no reorg can
 * give the nonce back) with none of its attempts mined can never be mined any more: it becomes `failed`
 * and its purpose's `failed` handler runs in the same database transaction, so the domain can release what
 * it reserved and decide on a new request. Nothing is re-sent on a new nonce here. The lane's next nonce
 * moves past every nonce the chain already used. Throws `not_found` for an unknown lane, `conflict` when it
 * is not frozen, or when a pending transaction's nonce is used but not yet deep enough (try again later).
 */
export async function unfreezeLane(
  db: Db,
  network: Network,
  client: PublicClient,
  opts: { laneId: string; at?: Date },
): Promise<UnfrozenLane> {
  const at = opts.at ?? new Date();
  const lane = await db.txLane.findUnique({ where: { id: opts.laneId } });
  if (!lane || lane.networkId !== network.id)
    throw new AppError("not_found", `no lane ${opts.laneId} on ${network.id}`);
  if (!lane.frozenAt || !lane.address) throw new AppError("conflict", `lane ${lane.id} is not frozen`);
  const address = lane.address as Address;
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const settledAt = head - BigInt(network.confirmations) + 1n;
  const [latestNonce, settledNonce, pooledNonce] = await Promise.all([
    client.getTransactionCount({ address, blockTag: "latest" }).then(BigInt),
    client.getTransactionCount({ address, blockNumber: settledAt > 0n ? settledAt : 0n }).then(BigInt),
    client.getTransactionCount({ address, blockTag: "pending" }).then(BigInt),
  ]);
  const pending = await db.outgoingTransaction.findMany({
    where: { laneId: lane.id, status: "pending" },
    include: { attempts: true },
    orderBy: { nonce: "asc" },
  });
  const taken: string[] = [];
  for (const tx of pending) {
    if (tx.nonce === null || tx.nonce >= latestNonce) continue;
    if (
      await findCanonicalReceipt(
        client,
        tx.attempts.map((a) => a.hash as Hex),
      )
    )
      continue; // ours after all: tracked as usual
    if (tx.nonce >= settledNonce)
      throw new AppError(
        "conflict",
        `nonce ${tx.nonce} of lane ${lane.id} is used but not yet ${network.confirmations} blocks deep`,
      );
    taken.push(tx.id);
  }
  return inTransaction(db, async (dbTx) => {
    for (const id of taken) {
      const { count } = await dbTx.outgoingTransaction.updateMany({
        where: { id, status: "pending" },
        data: { status: "failed", failedAt: at, failureReason: "nonce_taken_by_foreign_transaction" },
      });
      if (count === 0) continue;
      const row = await dbTx.outgoingTransaction.findUniqueOrThrow({ where: { id } });
      await transactionHandlersFor(row.purpose)?.failed?.(
        dbTx,
        toOutgoingTransactionView(row, address),
        "nonce_taken_by_foreign_transaction",
      );
    }
    const current = await dbTx.txLane.findUniqueOrThrow({ where: { id: lane.id } });
    let nextNonce = current.nextNonce ?? pooledNonce;
    if (pooledNonce > nextNonce) nextNonce = pooledNonce;
    await dbTx.txLane.update({ where: { id: lane.id }, data: { frozenAt: null, frozenReason: null, nextNonce } });
    logger().warn(
      { lane: lane.id, network: network.id, failed: taken, nextNonce: nextNonce.toString() },
      "transaction lane unfrozen",
    );
    return { laneId: lane.id, failed: taken, nextNonce };
  });
}
