import type { Address, Hex, LocalAccount, PublicClient } from "viem";
import type { Network } from "../chains/networks";
import type { Db } from "../db";
import { logger } from "../logger";
import { toBigInt } from "../money";
import { broadcastRawTransaction } from "./broadcast-raw-transaction";
import { confirmOutgoingTransaction } from "./confirm-outgoing-transaction";
import { currentFees, replacementFees } from "./fees";
import { findCanonicalReceipt } from "./find-receipt";
import { freezeLane } from "./freeze-lane";
import type { LaneSettings } from "./lane-settings";
import { recordBroadcast } from "./record-broadcast";
import { recordRefusal } from "./record-refusal";
import { signReplacement } from "./sign-replacement";

/** What one pass over a lane knows, read once at its start. */
export interface LanePassContext {
  db: Db;
  network: Network;
  client: PublicClient;
  laneId: string;
  keyPath: string;
  /** The sender (lowercase). */
  address: string;
  signer: LocalAccount;
  owner: string;
  settings: LaneSettings;
  /** The node's head when the pass started. */
  head: bigint;
  /** The sender's mined transaction count (`latest`) read before any receipt: see the foreign-transaction check. */
  chainNonce: bigint;
  /** The lane is frozen: record receipts and confirmations, send nothing (no rebroadcast, no replacement). */
  frozen: boolean;
  /** The pass's clock: a refused transaction is not broadcast again before its `nextAttemptAt`. */
  now: Date;
  /** The sender's balance in wei, read once per pass when first asked (null when the node did not answer). */
  balance: () => Promise<bigint | null>;
}

/** A pending transaction with its attempts, oldest first. */
export interface PendingTransaction {
  id: string;
  nonce: bigint | null;
  submittedAt: Date | null;
  minedHash: string | null;
  minedBlockHash: string | null;
  /** Signed with max fee = tip = this: never replaced with other fees (its sender's balance covers exactly this). */
  fixedFeePerGas: { toFixed(): string } | null;
  /** An operator asked for a cancel (requestCancel). */
  cancelRequestedAt: Date | null;
  /** Broadcasts the node refused in a row (recordRefusal), and when the next one is due. */
  refusals: number;
  nextAttemptAt: Date | null;
  /** The sender's balance at the last refusal: more now means the wallet was funded, so no need to wait. */
  refusedBalance: { toFixed(): string } | null;
  attempts: {
    attempt: number;
    hash: string;
    raw: string;
    maxFeePerGas: { toFixed(): string };
    maxPriorityFeePerGas: { toFixed(): string };
    signedAtBlock: bigint;
    /** A zero-value self-transfer on the nonce (a cancel), not the request itself. */
    cancel: boolean;
  }[];
}

/**
 * What happened to a pending transaction in one pass. `backoff`: the node refused its latest broadcast and the
 * backoff delay has not passed, so nothing was sent.
 */
export type TrackOutcome = "confirmed" | "mined" | "reorged" | "replaced" | "waiting" | "backoff" | "frozen";

/**
 * Move one pending transaction on: find which attempt is mined (any of them may be: whichever is wins);
 * confirm it at the network's confirmations; send the mined attempt again when a reorg dropped it; freeze the
 * lane when the chain's nonce passed ours with none of our attempts mined (a foreign transaction took the
 * nonce); otherwise (re)broadcast the latest attempt, or replace it on the same nonce with higher fees once it
 * has waited `replaceAfterBlocks`. Never gives the request another nonce. On a frozen lane only the first two.
 * A transaction the node refused is broadcast again only once its backoff has passed (recordRefusal), or as soon as
 * its sender's balance grew since the refusal (funded); its receipt is still looked for every pass, so one mined all
 * the same is confirmed on time.
 */
export async function trackPendingTransaction(ctx: LanePassContext, tx: PendingTransaction): Promise<TrackOutcome> {
  const { db, client } = ctx;
  const attempts = [...tx.attempts].sort((a, b) => b.attempt - a.attempt);
  const latest = attempts[0];
  if (!latest || tx.nonce === null) throw new Error(`pending transaction ${tx.id} has no signed attempt`);
  const receipt = await findCanonicalReceipt(
    client,
    attempts.map((a) => a.hash as Hex),
  );

  if (receipt) {
    const hash = receipt.transactionHash.toLowerCase();
    const mined = attempts.find((a) => a.hash === hash);
    if (!tx.submittedAt)
      await recordBroadcast(db, { outgoingTransactionId: tx.id, attempt: mined?.attempt ?? null, from: ctx.address });
    if (tx.minedHash !== hash || tx.minedBlockHash !== receipt.blockHash.toLowerCase())
      await db.outgoingTransaction.update({
        where: { id: tx.id },
        data: {
          hash,
          minedHash: hash,
          minedBlockNumber: receipt.blockNumber,
          minedBlockHash: receipt.blockHash.toLowerCase(),
        },
      });
    if (ctx.head - receipt.blockNumber + 1n < BigInt(ctx.network.confirmations)) return "mined";
    const confirmed = await confirmOutgoingTransaction(db, {
      outgoingTransactionId: tx.id,
      from: ctx.address,
      keyPath: ctx.keyPath,
      nativeAsset: ctx.network.nativeAsset,
      cancelled: mined?.cancel ?? false,
      receipt: {
        status: receipt.status,
        gasUsed: receipt.gasUsed,
        effectiveGasPrice: receipt.effectiveGasPrice,
        blockNumber: receipt.blockNumber,
        blockHash: receipt.blockHash.toLowerCase() as Hex,
        transactionHash: hash as Hex,
      },
    });
    return confirmed ? "confirmed" : "mined";
  }
  if (ctx.frozen) return "waiting";

  if (tx.minedHash) {
    // It was mined and its block left the canonical chain: the stored bytes are still valid on the new chain.
    const dropped = attempts.find((a) => a.hash === tx.minedHash) ?? latest;
    await db.outgoingTransaction.update({
      where: { id: tx.id },
      data: { minedHash: null, minedBlockNumber: null, minedBlockHash: null },
    });
    const sent = await broadcastRawTransaction(client, dropped.raw as Hex);
    logger().warn(
      { outgoingTransaction: tx.id, network: ctx.network.id, hash: dropped.hash, broadcast: sent.outcome },
      "outgoing transaction dropped by a reorg: sent again",
    );
    return "reorged";
  }

  if (ctx.chainNonce > tx.nonce) {
    // The nonce was used and none of our attempts for it is mined (their receipts were looked up after the
    // nonce was read, so one of ours mined in between would have been found): someone else holds this key.
    await freezeLane(db, {
      laneId: ctx.laneId,
      networkId: ctx.network.id,
      address: ctx.address,
      reason: `nonce ${tx.nonce} was used by a transaction Payrail did not sign (chain nonce ${ctx.chainNonce}, waiting: ${tx.id})`,
    });
    return "frozen";
  }

  if (tx.cancelRequestedAt && !latest.cancel) {
    // The operator's cancel: same nonce, both fees +12.5% over the latest attempt, past the cap (requestCancel).
    const previous = {
      maxFeePerGas: toBigInt(latest.maxFeePerGas.toFixed()),
      maxPriorityFeePerGas: toBigInt(latest.maxPriorityFeePerGas.toFixed()),
    };
    // Uncapped (twice the latest is only a bound for the helper): the operator chose to pay past the cap.
    const fees = replacementFees(previous, previous, previous.maxFeePerGas * 2n);
    const stored =
      fees &&
      (await signReplacement(db, {
        laneId: ctx.laneId,
        owner: ctx.owner,
        outgoingTransactionId: tx.id,
        afterAttempt: latest.attempt,
        signer: ctx.signer,
        chainId: ctx.network.chainId,
        fees,
        head: ctx.head,
        cancel: { self: ctx.address as Address },
      }));
    if (stored) {
      logger().warn(
        { outgoingTransaction: tx.id, network: ctx.network.id, nonce: tx.nonce.toString(), attempt: stored.attempt },
        "cancel transaction signed on a stuck nonce",
      );
      await broadcastAndRecord(ctx, tx, stored.attempt, stored.raw);
      return "replaced";
    }
  }

  if (!tx.submittedAt) {
    // Signed and stored, never accepted: a crash before the broadcast, or a node that refused it (an empty wallet is
    // not refilled by asking every pass: it waits out its backoff, the same bytes sent again after it).
    if (await backingOff(ctx, tx)) return "backoff";
    await broadcastAndRecord(ctx, tx, latest.attempt, latest.raw as Hex);
    return "waiting";
  }

  if (
    tx.fixedFeePerGas === null &&
    !latest.cancel &&
    ctx.head >= latest.signedAtBlock + BigInt(ctx.settings.replaceAfterBlocks) &&
    latest.attempt < ctx.settings.maxReplacements
  ) {
    const previous = {
      maxFeePerGas: toBigInt(latest.maxFeePerGas.toFixed()),
      maxPriorityFeePerGas: toBigInt(latest.maxPriorityFeePerGas.toFixed()),
    };
    const fees = replacementFees(
      previous,
      await currentFees(client, ctx.settings.maxFeePerGas),
      ctx.settings.maxFeePerGas,
    );
    if (fees) {
      const stored = await signReplacement(db, {
        laneId: ctx.laneId,
        owner: ctx.owner,
        outgoingTransactionId: tx.id,
        afterAttempt: latest.attempt,
        signer: ctx.signer,
        chainId: ctx.network.chainId,
        fees,
        head: ctx.head,
      });
      if (stored) {
        logger().info(
          { outgoingTransaction: tx.id, network: ctx.network.id, nonce: tx.nonce.toString(), attempt: stored.attempt },
          "outgoing transaction replaced with higher fees",
        );
        await broadcastAndRecord(ctx, tx, stored.attempt, stored.raw);
        return "replaced";
      }
    }
  }
  // Nodes drop transactions from their pools (restarts, eviction): keep offering the latest attempt (one the node
  // refused after its backoff only; nonce too low means it was just mined: the next pass finds its receipt).
  if (await backingOff(ctx, tx)) return "backoff";
  const sent = await broadcastRawTransaction(client, latest.raw as Hex);
  if (sent.outcome === "accepted" && tx.refusals > 0)
    await recordBroadcast(db, { outgoingTransactionId: tx.id, attempt: latest.attempt, from: ctx.address });
  if (sent.outcome === "refused") await refused(ctx, tx, latest.attempt, sent.reason);
  return "waiting";
}

/**
 * The node refused this transaction's latest broadcast, its backoff delay has not passed yet, and its sender holds no
 * more than at that refusal (a wallet funded since is worth trying at once: that is what it waited for).
 */
async function backingOff(ctx: LanePassContext, tx: PendingTransaction): Promise<boolean> {
  if (tx.nextAttemptAt === null || tx.nextAttemptAt.getTime() <= ctx.now.getTime()) return false;
  if (tx.refusedBalance === null) return true;
  const balance = await ctx.balance();
  return balance === null || balance <= toBigInt(tx.refusedBalance.toFixed());
}

/**
 * Broadcast a stored attempt and record the node's acceptance; a refusal is recorded (recordRefusal: logged, and
 * the transaction backs off before its next broadcast).
 */
export async function broadcastAndRecord(
  ctx: LanePassContext,
  tx: { id: string; nonce: bigint | null },
  attempt: number,
  raw: Hex,
): Promise<boolean> {
  const sent = await broadcastRawTransaction(ctx.client, raw);
  if (sent.outcome === "accepted") {
    await recordBroadcast(ctx.db, { outgoingTransactionId: tx.id, attempt, from: ctx.address });
    return true;
  }
  await refused(ctx, tx, attempt, sent.outcome === "refused" ? sent.reason : "nonce too low");
  return false;
}

async function refused(
  ctx: LanePassContext,
  tx: { id: string; nonce: bigint | null },
  attempt: number,
  reason: string,
): Promise<void> {
  await recordRefusal(ctx.db, {
    outgoingTransactionId: tx.id,
    networkId: ctx.network.id,
    nonce: tx.nonce,
    attempt,
    reason,
    balance: await ctx.balance(),
    now: ctx.now,
  });
}
