// `npm run payrail -- scan ...`: quarantined block ranges (server/chains/quarantine-range.ts) and their rescan.
import { publicClientFor } from "../../server/chains/client";
import { findNetwork } from "../../server/chains/networks";
import { rescanQuarantinedRange } from "../../server/chains/rescan-quarantined-range";
import type { Db } from "../../server/db";

/** Print the quarantined ranges (all, or only those not rescanned yet), one per line or as JSON. */
export async function listQuarantines(db: Db, opts: { all: boolean; json: boolean }): Promise<void> {
  const rows = await db.scanQuarantine.findMany({
    where: opts.all ? {} : { rescannedAt: null },
    orderBy: [{ networkId: "asc" }, { fromBlock: "asc" }],
  });
  if (opts.json) {
    console.log(
      JSON.stringify(
        rows.map((q) => ({
          id: q.id,
          network: q.networkId,
          from_block: q.fromBlock.toString(),
          to_block: q.toBlock.toString(),
          attempts: q.attempts,
          last_error: q.lastError,
          created_at: q.createdAt.toISOString(),
          rescanned_at: q.rescannedAt?.toISOString() ?? null,
        })),
      ),
    );
    return;
  }
  if (rows.length === 0) console.log(opts.all ? "No range was ever quarantined." : "No quarantined range to rescan.");
  for (const q of rows)
    console.log(
      `${q.id}  ${q.networkId}  blocks ${q.fromBlock}-${q.toBlock}  ${q.attempts} attempts  ` +
        `${q.rescannedAt ? `rescanned ${q.rescannedAt.toISOString()}` : "NOT RESCANNED"}  ${q.lastError}`,
    );
}

/** Rescan one quarantined range (its network must be configured) and print what it found. */
export async function rescanQuarantine(db: Db, id: string): Promise<void> {
  const q = await db.scanQuarantine.findUnique({ where: { id } });
  if (!q) throw new Error(`no quarantined range ${id}`);
  const network = findNetwork(q.networkId);
  if (!network) throw new Error(`network ${q.networkId} is not configured (set its RPC URL)`);
  const done = await rescanQuarantinedRange(db, publicClientFor(network), network, { id, now: new Date() });
  console.log(
    `Rescanned blocks ${done.fromBlock}-${done.toBlock} of ${done.networkId}: ${done.transfers} transfer(s) to watched addresses recorded.`,
  );
}
