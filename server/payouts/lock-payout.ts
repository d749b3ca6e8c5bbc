import type { Tx } from "../db";
import type { Payout } from "../generated/prisma/client";

/**
 * The payout row, locked FOR UPDATE until the caller's transaction ends: cancel, approve and the
 * worker's hand-over to the sender all take this lock, so exactly one of them wins a race.
 */
export async function lockPayout(
  tx: Tx,
  opts: { id: string; merchantId?: string; livemode?: boolean },
): Promise<Payout | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payouts WHERE id = ${opts.id} FOR UPDATE`;
  if (rows.length === 0) return null;
  const payout = await tx.payout.findUnique({ where: { id: opts.id } });
  if (!payout) return null;
  if (opts.merchantId !== undefined && payout.merchantId !== opts.merchantId) return null;
  if (opts.livemode !== undefined && payout.livemode !== opts.livemode) return null;
  return payout;
}
