import type { DbClient } from "../db";

/** A lane as an operator sees it. */
export interface LaneSummary {
  id: string;
  networkId: string;
  livemode: boolean;
  keyPath: string;
  address: string | null;
  nextNonce: bigint | null;
  frozenAt: Date | null;
  frozenReason: string | null;
  queued: number;
  pending: number;
  /**
   * The lane's lowest-nonce pending transaction that the node keeps refusing (recordRefusal), or null: nothing new
   * is sent behind it, and it is offered again at `nextAttemptAt`. An unfunded sender shows here.
   */
  refused: {
    outgoingTransactionId: string;
    nonce: bigint | null;
    refusals: number;
    reason: string | null;
    since: Date | null;
    nextAttemptAt: Date | null;
  } | null;
}

/**
 * Every lane (or only the frozen ones) with its queued and pending transaction counts and the transaction the node
 * keeps refusing, if any; frozen first.
 */
export async function listLanes(db: DbClient, opts: { frozenOnly?: boolean } = {}): Promise<LaneSummary[]> {
  const lanes = await db.txLane.findMany({
    where: opts.frozenOnly ? { frozenAt: { not: null } } : {},
    orderBy: [{ frozenAt: { sort: "desc", nulls: "last" } }, { networkId: "asc" }, { createdAt: "asc" }],
  });
  const counts = await db.outgoingTransaction.groupBy({
    by: ["laneId", "status"],
    where: { laneId: { in: lanes.map((l) => l.id) }, status: { in: ["queued", "pending"] } },
    _count: { _all: true },
  });
  const refused = await db.outgoingTransaction.findMany({
    where: { laneId: { in: lanes.map((l) => l.id) }, status: "pending", refusals: { gt: 0 } },
    orderBy: [{ nonce: "asc" }],
    select: {
      id: true,
      laneId: true,
      nonce: true,
      refusals: true,
      refusalReason: true,
      refusedSince: true,
      nextAttemptAt: true,
    },
  });
  const count = (laneId: string, status: "queued" | "pending") =>
    counts.find((c) => c.laneId === laneId && c.status === status)?._count._all ?? 0;
  return lanes.map((l) => ({
    id: l.id,
    networkId: l.networkId,
    livemode: l.livemode,
    keyPath: l.keyPath,
    address: l.address,
    nextNonce: l.nextNonce,
    frozenAt: l.frozenAt,
    frozenReason: l.frozenReason,
    queued: count(l.id, "queued"),
    pending: count(l.id, "pending"),
    refused: refusedOf(refused.find((r) => r.laneId === l.id)),
  }));
}

function refusedOf(
  r:
    | {
        id: string;
        nonce: bigint | null;
        refusals: number;
        refusalReason: string | null;
        refusedSince: Date | null;
        nextAttemptAt: Date | null;
      }
    | undefined,
): LaneSummary["refused"] {
  if (!r) return null;
  return {
    outgoingTransactionId: r.id,
    nonce: r.nonce,
    refusals: r.refusals,
    reason: r.refusalReason,
    since: r.refusedSince,
    nextAttemptAt: r.nextAttemptAt,
  };
}
