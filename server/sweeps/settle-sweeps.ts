import type { Tx } from "../db";
import { sweepHandlersFor } from "./sweep-handlers";
import { loadSweepView } from "./sweep-view";

/**
 * Move each sweep to what its items say, calling its requester's handlers once per transition: `confirmed` when
 * every item is confirmed, `failed` when none is left in flight and some failed. Inside the caller's transaction.
 */
export async function settleSweeps(tx: Tx, sweepIds: readonly string[], now: Date): Promise<void> {
  for (const sweepId of [...new Set(sweepIds)].sort()) {
    // Lock the sweep row: two batches of one sweep confirmed at once must not both see "one left".
    await tx.$queryRaw`SELECT id FROM sweeps WHERE id = ${sweepId} FOR UPDATE`;
    const sweep = await tx.sweep.findUniqueOrThrow({
      where: { id: sweepId },
      select: { status: true, purpose: true, items: { select: { status: true, failureReason: true } } },
    });
    if (sweep.status === "confirmed" || sweep.status === "failed") continue;
    const handlers = sweepHandlersFor(sweep.purpose);
    if (sweep.items.every((i) => i.status === "confirmed")) {
      await tx.sweep.update({ where: { id: sweepId }, data: { status: "confirmed", confirmedAt: now } });
      await handlers?.confirmed(tx, await loadSweepView(tx, sweepId));
      continue;
    }
    const inFlight = sweep.items.some((i) => i.status !== "confirmed" && i.status !== "failed");
    const failed = sweep.items.find((i) => i.status === "failed");
    if (!inFlight && failed) {
      const reason = failed.failureReason ?? "an address could not be swept";
      await tx.sweep.update({
        where: { id: sweepId },
        data: { status: "failed", failedAt: now, failureReason: reason },
      });
      await handlers?.failed?.(tx, await loadSweepView(tx, sweepId), reason);
    }
  }
}

/** Mark the sweeps of these items submitted (first broadcast), calling the requester's `submitted` handler once. */
export async function markSweepsSubmitted(tx: Tx, sweepIds: readonly string[], now: Date): Promise<void> {
  for (const sweepId of [...new Set(sweepIds)].sort()) {
    const { count } = await tx.sweep.updateMany({
      where: { id: sweepId, status: "queued" },
      data: { status: "submitted", submittedAt: now },
    });
    if (count === 0) continue;
    const sweep = await tx.sweep.findUniqueOrThrow({ where: { id: sweepId }, select: { purpose: true } });
    await sweepHandlersFor(sweep.purpose)?.submitted?.(tx, await loadSweepView(tx, sweepId));
  }
}
