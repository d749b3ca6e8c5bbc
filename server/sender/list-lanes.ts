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
}

/** Every lane (or only the frozen ones) with its queued and pending transaction counts, frozen first. */
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
  }));
}
