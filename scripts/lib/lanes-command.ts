// `npm run payrail -- lanes list|unfreeze|cancel`: the operator's view of the sender's transaction lanes.
import "../../server/sender/handlers";
import { publicClientFor } from "../../server/chains/client";
import { findNetwork } from "../../server/chains/networks";
import type { Db } from "../../server/db";
import { AppError } from "../../server/errors";
import { listLanes } from "../../server/sender/list-lanes";
import { requestCancel } from "../../server/sender/request-cancel";
import { unfreezeLane } from "../../server/sender/unfreeze-lane";

/** Print every lane (frozen first) as a table, or as JSON. */
export async function listLanesCommand(db: Db, opts: { frozenOnly: boolean; json: boolean }): Promise<void> {
  const lanes = await listLanes(db, { frozenOnly: opts.frozenOnly });
  if (opts.json) {
    console.log(
      JSON.stringify(
        lanes.map((l) => ({
          ...l,
          nextNonce: l.nextNonce?.toString() ?? null,
          frozenAt: l.frozenAt?.toISOString() ?? null,
          refused: l.refused && {
            ...l.refused,
            nonce: l.refused.nonce?.toString() ?? null,
            since: l.refused.since?.toISOString() ?? null,
            nextAttemptAt: l.refused.nextAttemptAt?.toISOString() ?? null,
          },
        })),
      ),
    );
    return;
  }
  if (lanes.length === 0) {
    console.log(opts.frozenOnly ? "No frozen lane." : "No lane yet: nothing was ever sent.");
    return;
  }
  for (const l of lanes)
    console.log(
      [
        l.id,
        l.networkId,
        l.livemode ? "live" : "test",
        l.address ?? "(address not derived yet)",
        l.keyPath,
        `next nonce ${l.nextNonce ?? "-"}`,
        `${l.queued} queued, ${l.pending} pending`,
        l.frozenAt ? `FROZEN since ${l.frozenAt.toISOString()}: ${l.frozenReason}` : "running",
        ...(l.refused
          ? [
              `REFUSED by the node ${l.refused.refusals} time(s) since ${l.refused.since?.toISOString() ?? "-"}` +
                ` (nonce ${l.refused.nonce ?? "-"}: ${l.refused.reason ?? "no reason given"});` +
                ` next try ${l.refused.nextAttemptAt?.toISOString() ?? "now"}`,
            ]
          : []),
      ].join("  "),
    );
}

/** Unfreeze one lane (see unfreezeLane) and print what it failed. */
export async function unfreezeLaneCommand(db: Db, opts: { laneId: string }): Promise<void> {
  const lane = await db.txLane.findUnique({ where: { id: opts.laneId }, select: { networkId: true } });
  if (!lane) throw new AppError("not_found", `no lane ${opts.laneId}`);
  const network = findNetwork(lane.networkId);
  if (!network) throw new AppError("unsupported_network", `${lane.networkId} has no RPC URL configured`);
  const done = await unfreezeLane(db, network, publicClientFor(network), { laneId: opts.laneId });
  console.log(
    `Unfroze ${done.laneId}; next nonce ${done.nextNonce}.` +
      (done.failed.length ? ` Failed (their nonce was taken): ${done.failed.join(", ")}.` : ""),
  );
}

/** Ask the worker to cancel the stuck transaction of a lane at the fee cap (see requestCancel). */
export async function cancelLaneCommand(db: Db, opts: { laneId: string }): Promise<void> {
  const lane = await db.txLane.findUnique({ where: { id: opts.laneId }, select: { networkId: true } });
  if (!lane) throw new AppError("not_found", `no lane ${opts.laneId}`);
  const network = findNetwork(lane.networkId);
  if (!network) throw new AppError("unsupported_network", `${lane.networkId} has no RPC URL configured`);
  const done = await requestCancel(db, network, publicClientFor(network), { laneId: opts.laneId });
  console.log(
    `Cancel requested for ${done.outgoingTransactionId} (nonce ${done.nonce}) on ${done.laneId}: the worker signs and ` +
      "sends it on its next pass. Whichever of the two is mined wins; a mined cancel fails the request.",
  );
}
