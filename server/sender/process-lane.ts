import type { Address, PublicClient } from "viem";
import type { Network } from "../chains/networks";
import type { Db } from "../db";
import { signerForPath } from "../wallets/platform-keys";
import { broadcastRawTransaction } from "./broadcast-raw-transaction";
import { crashPoint } from "./crash-point";
import { currentFees } from "./fees";
import { freezeLane } from "./freeze-lane";
import { acquireLaneLease, releaseLaneLease } from "./lane-lease";
import { laneSettings } from "./lane-settings";
import { recordBroadcast } from "./record-broadcast";
import { recordRefusal } from "./record-refusal";
import { signQueuedTransaction } from "./sign-queued-transaction";
import { trackPendingTransaction, type LanePassContext, type TrackOutcome } from "./track-pending-transaction";

/** What one pass over a lane did. */
export interface LanePass {
  /** `frozen`: it froze in this pass; `held`: it was frozen already (only confirmations were recorded). */
  outcome: "done" | "busy" | "frozen" | "held";
  /** Requests that got a nonce and were signed in this pass. */
  signed: number;
  /** Outcomes of the pending transactions tracked, in nonce order. */
  tracked: TrackOutcome[];
}

/**
 * One pass over a lane, under its lease: track the pending transactions (confirm, rebroadcast, replace,
 * or freeze the lane on a foreign transaction; on a frozen lane only confirm), then send queued requests in order, each one
 * claim → allocate nonce → sign → store the raw transaction → COMMIT → broadcast. New requests wait while a
 * signed transaction has never been accepted by the node (an empty gas wallet, say): more nonces behind it
 * would only pile up, and that one is broadcast again only after a backoff (1 s doubling to 60 s, recordRefusal,
 * measured on `now`, the wall clock by default). The lease is given back at the end; a crashed worker's runs out
 * after `leaseMs`.
 */
export async function processLane(
  db: Db,
  network: Network,
  client: PublicClient,
  opts: { laneId: string; owner: string; leaseMs?: number; now?: () => Date },
): Promise<LanePass> {
  const pass: LanePass = { outcome: "done", signed: 0, tracked: [] };
  const lane = await acquireLaneLease(db, { laneId: opts.laneId, owner: opts.owner, ttlMs: opts.leaseMs ?? 30_000 });
  if (!lane) return { ...pass, outcome: "busy" };
  try {
    if (lane.networkId !== network.id) throw new Error(`lane ${lane.id} is not on ${network.id}`);
    const signer = signerForPath(lane.keyPath);
    const address = signer.address.toLowerCase();
    if (lane.address === null) await db.txLane.update({ where: { id: lane.id }, data: { address } });
    // A lane's address is fixed by its key path; another one means the master seed changed under it.
    else if (lane.address !== address) throw new Error(`lane ${lane.id} derives another address than it recorded`);
    const settings = laneSettings(network.id);
    // The nonce first, the receipts after (in trackPendingTransaction): see the foreign-transaction check there.
    const [head, chainNonce] = await Promise.all([
      client.getBlockNumber({ cacheTime: 0 }),
      client.getTransactionCount({ address: address as Address, blockTag: "latest" }).then(BigInt),
    ]);
    const frozen = lane.frozenAt !== null;
    const ctx: LanePassContext = {
      db,
      network,
      client,
      laneId: lane.id,
      keyPath: lane.keyPath,
      address,
      signer,
      owner: opts.owner,
      settings,
      head,
      chainNonce,
      frozen,
      now: opts.now?.() ?? new Date(),
      balance: once(() => client.getBalance({ address: address as Address, blockTag: "latest" }).catch(() => null)),
    };

    const pending = await db.outgoingTransaction.findMany({
      where: { laneId: lane.id, status: "pending" },
      orderBy: { nonce: "asc" },
      include: { attempts: { orderBy: { attempt: "asc" } } },
    });
    for (const tx of pending) {
      const outcome = await trackPendingTransaction(ctx, tx);
      pass.tracked.push(outcome);
      if (outcome === "frozen") return { ...pass, outcome: "frozen" };
    }
    // A frozen lane sends nothing, but what it sent before and is mined still gets its confirmation.
    if (frozen) return { ...pass, outcome: "held" };

    let nextNonce = lane.nextNonce;
    if (nextNonce === null) {
      // First use of the lane: start where the key's transactions (mined and pooled) end.
      nextNonce = BigInt(await client.getTransactionCount({ address: address as Address, blockTag: "pending" }));
      await db.txLane.updateMany({ where: { id: lane.id, nextNonce: null }, data: { nextNonce } });
    } else if (chainNonce > nextNonce) {
      await freezeLane(db, {
        laneId: lane.id,
        networkId: network.id,
        address,
        reason: `the chain's nonce ${chainNonce} passed the lane's next nonce ${nextNonce}: transactions Payrail did not sign`,
      });
      return { ...pass, outcome: "frozen" };
    }

    const [inFlight, unaccepted] = await Promise.all([
      db.outgoingTransaction.count({ where: { laneId: lane.id, status: "pending" } }),
      db.outgoingTransaction.count({
        where: { laneId: lane.id, status: "pending", submittedAt: null, minedHash: null },
      }),
    ]);
    if (unaccepted > 0 || inFlight >= settings.maxInFlight) return pass;
    const queued = await db.outgoingTransaction.findMany({
      where: { laneId: lane.id, status: "queued" },
      orderBy: { seq: "asc" },
      take: settings.maxInFlight - inFlight,
      select: { id: true },
    });
    if (queued.length === 0) return pass;
    const fees = await currentFees(client, settings.maxFeePerGas);
    for (const { id } of queued) {
      const stored = await signQueuedTransaction(db, {
        laneId: lane.id,
        owner: opts.owner,
        outgoingTransactionId: id,
        signer,
        chainId: network.chainId,
        fees,
        head,
      });
      if (!stored) break;
      pass.signed++;
      crashPoint("after_commit");
      const sent = await broadcastRawTransaction(client, stored.raw);
      crashPoint("after_broadcast");
      if (sent.outcome !== "accepted") {
        // Stored all the same: a pass after its backoff sends it again, or finds it mined, or sees its nonce taken.
        await recordRefusal(db, {
          outgoingTransactionId: id,
          networkId: network.id,
          nonce: stored.nonce,
          attempt: stored.attempt,
          reason: sent.outcome === "refused" ? sent.reason : "nonce too low",
          balance: await ctx.balance(),
          now: ctx.now,
        });
        break;
      }
      await recordBroadcast(db, { outgoingTransactionId: id, attempt: stored.attempt, from: address });
    }
    return pass;
  } finally {
    await releaseLaneLease(db, { laneId: lane.id, owner: opts.owner });
  }
}

/** A function that runs `f` on its first call and returns that same promise after. */
function once<T>(f: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= f());
}
