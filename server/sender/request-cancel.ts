import type { Hex, PublicClient } from "viem";
import type { Network } from "../chains/networks";
import type { Db } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";
import { toBigInt } from "../money";
import { replacementFees } from "./fees";
import { findCanonicalReceipt } from "./find-receipt";
import { laneSettings } from "./lane-settings";

/** What requestCancel marked. */
export interface CancelRequest {
  laneId: string;
  outgoingTransactionId: string;
  nonce: bigint;
}

/**
 * The operator's way out of a lane stuck at the network's fee cap (`payrail lanes cancel <lane>`): the lane's oldest
 * pending transaction, when its latest attempt can no longer be replaced (the cap leaves no room for +10%, or the
 * replacements are used up) and has waited `replaceAfterBlocks` more blocks unmined, is marked for cancelling. The
 * worker then signs, on the same nonce, a zero-value transfer to the sender itself with both fees +12.5% over the
 * latest attempt, above the cap (the operator's decision: the cap is a brake on automatic bumps), and keeps offering
 * it. Whichever attempt is mined wins: the original confirms as usual; the cancel fails the transaction (its
 * domain's `failed` handler runs, its fee is posted), and only then may the domain send it again on a new nonce.
 * Operator-triggered rather than automatic: paying above the cap is a decision a person takes.
 * Errors: 404 `not_found` (no such lane on the network), 409 `conflict` (nothing pending, already mined, not stuck at
 * the cap yet, or a cancel already requested).
 */
export async function requestCancel(
  db: Db,
  network: Network,
  client: PublicClient,
  opts: { laneId: string; at?: Date },
): Promise<CancelRequest> {
  const lane = await db.txLane.findUnique({ where: { id: opts.laneId } });
  if (!lane || lane.networkId !== network.id)
    throw new AppError("not_found", `no lane ${opts.laneId} on ${network.id}`);
  const tx = await db.outgoingTransaction.findFirst({
    where: { laneId: lane.id, status: "pending" },
    orderBy: { nonce: "asc" },
    include: { attempts: { orderBy: { attempt: "desc" } } },
  });
  const latest = tx?.attempts[0];
  if (!tx || tx.nonce === null || !latest) throw new AppError("conflict", `lane ${lane.id} has nothing pending`);
  if (tx.cancelRequestedAt) throw new AppError("conflict", `a cancel of ${tx.id} was already requested`);
  if (
    tx.minedHash ||
    (await findCanonicalReceipt(
      client,
      tx.attempts.map((a) => a.hash as Hex),
    ))
  )
    throw new AppError("conflict", `${tx.id} is mined: it confirms as usual`);
  const settings = laneSettings(network.id);
  const previous = {
    maxFeePerGas: toBigInt(latest.maxFeePerGas),
    maxPriorityFeePerGas: toBigInt(latest.maxPriorityFeePerGas),
  };
  const atCap =
    latest.attempt >= settings.maxReplacements ||
    tx.fixedFeePerGas !== null ||
    replacementFees(previous, previous, settings.maxFeePerGas) === null;
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const waited = head - latest.signedAtBlock;
  if (!atCap || waited < BigInt(settings.replaceAfterBlocks))
    throw new AppError(
      "conflict",
      `${tx.id} is not stuck at the fee cap (latest attempt ${latest.attempt} at ${previous.maxFeePerGas} wei per gas, ` +
        `cap ${settings.maxFeePerGas}, ${waited} of ${settings.replaceAfterBlocks} blocks waited): the sender still replaces it`,
    );
  const { count } = await db.outgoingTransaction.updateMany({
    where: { id: tx.id, status: "pending", cancelRequestedAt: null },
    data: { cancelRequestedAt: opts.at ?? new Date() },
  });
  if (count !== 1) throw new AppError("conflict", `${tx.id} changed meanwhile: try again`);
  logger().warn(
    { lane: lane.id, network: network.id, outgoingTransaction: tx.id, nonce: tx.nonce.toString() },
    "cancel requested for a transaction stuck at the fee cap",
  );
  return { laneId: lane.id, outgoingTransactionId: tx.id, nonce: tx.nonce };
}
