import type { DbClient } from "../db";
import { viewAllowlistEntry, type AllowlistEntryView } from "./allowlist";

/** Most entries listed: an allowlist is a short list of trusted counterparties, not a directory. */
export const ALLOWLIST_LIMIT = 500;

/** The merchant's current allowlist in a mode (removed entries left out), newest first. */
export async function listAllowlist(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; now: Date },
): Promise<AllowlistEntryView[]> {
  const rows = await db.payoutAllowlistEntry.findMany({
    where: { merchantId: opts.merchantId, livemode: opts.livemode, currentSlot: { not: null } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: ALLOWLIST_LIMIT,
  });
  return rows.map((r) => viewAllowlistEntry(r, opts.now));
}
