import "./handlers";
import { publicClientFor } from "../chains/client";
import { enabledNetworks, type Network } from "../chains/networks";
import type { Db } from "../db";
import { logger } from "../logger";
import { processLane } from "./process-lane";

/** What one sender pass over every network did. */
export interface SenderReport {
  /** Lanes with work that were visited. */
  lanes: number;
  signed: number;
  confirmed: number;
  frozen: number;
  errors: number;
}

/**
 * The worker's sender: one pass over every lane with queued or pending transactions (frozen lanes: pending
 * ones, to be confirmed only) on every enabled network (processLane, under each lane's lease). A lane that fails is logged and skipped; the others go on.
 * Only the worker runs it (it signs, so it needs the master seed).
 */
export async function runSender(
  db: Db,
  opts: { owner: string; networks?: Network[]; leaseMs?: number; now?: () => Date },
): Promise<SenderReport> {
  const report: SenderReport = { lanes: 0, signed: 0, confirmed: 0, frozen: 0, errors: 0 };
  for (const network of opts.networks ?? enabledNetworks()) {
    const lanes = await db.txLane.findMany({
      // Frozen lanes too, while they have pending transactions: those mined before the freeze still get confirmed.
      where: {
        networkId: network.id,
        OR: [
          { frozenAt: null, transactions: { some: { status: { in: ["queued", "pending"] } } } },
          { frozenAt: { not: null }, transactions: { some: { status: "pending" } } },
        ],
      },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    if (lanes.length === 0) continue;
    const client = publicClientFor(network);
    for (const lane of lanes) {
      report.lanes++;
      try {
        const pass = await processLane(db, network, client, {
          laneId: lane.id,
          owner: opts.owner,
          leaseMs: opts.leaseMs,
          now: opts.now,
        });
        report.signed += pass.signed;
        report.confirmed += pass.tracked.filter((t) => t === "confirmed").length;
        if (pass.outcome === "frozen") report.frozen++;
      } catch (error) {
        report.errors++;
        logger().error({ err: error, network: network.id, lane: lane.id }, "sender pass failed");
      }
    }
  }
  return report;
}
