import { z } from "zod";
import type { DbClient } from "../db";
import { formatDecimal, toBigInt } from "../money";
import { participantCode } from "./participant-balances";

/** One ledger movement of a participant, as the dashboard shows it. */
export const participantMovement = z.object({
  id: z.string(),
  type: z.enum(["split", "split_reversal", "payout"]),
  status: z.enum(["pending", "posted", "voided"]),
  network: z.string(),
  asset: z.string(),
  /** Signed decimal: positive into the participant's balance. */
  amount: z.string(),
  invoice: z.string().nullable(),
  payout: z.string().nullable(),
  payment: z.string().nullable(),
  tx_hash: z.string().nullable(),
  created_at: z.string(),
});
export type ParticipantMovement = z.infer<typeof participantMovement>;

/**
 * The latest `limit` ledger movements of a participant of the merchant in one mode, newest first: splits received,
 * their reversals and its payouts (a payout's hash once broadcast). The participant must be the merchant's (the caller
 * checks); the complete history is the statement export.
 */
export async function listParticipantMovements(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; participantId: string; limit: number },
): Promise<ParticipantMovement[]> {
  const accounts = await db.ledgerAccount.findMany({
    where: {
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      code: participantCode(opts.merchantId, opts.participantId),
    },
    select: { id: true },
  });
  const ids = accounts.map((a) => a.id);
  if (ids.length === 0) return [];
  const rows = await db.ledgerTransfer.findMany({
    where: { OR: [{ debitAccountId: { in: ids } }, { creditAccountId: { in: ids } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit,
  });
  const payoutIds = rows.filter((r) => r.type === "payout" && r.sourceId).map((r) => r.sourceId!);
  const hashes = new Map(
    (payoutIds.length
      ? await db.payout.findMany({ where: { id: { in: payoutIds } }, select: { id: true, txHash: true } })
      : []
    ).map((p) => [p.id, p.txHash]),
  );
  const own = new Set(ids);
  return rows.map((r) => {
    const credit = own.has(r.creditAccountId);
    const amount = toBigInt(r.amount);
    const type = r.type === "payout" ? "payout" : credit ? "split" : "split_reversal";
    return {
      id: r.id,
      type,
      status: r.status,
      network: r.networkId,
      asset: r.asset,
      amount: formatDecimal(credit ? amount : -amount, r.decimals, Math.min(2, r.decimals)),
      invoice: r.invoiceId,
      payout: type === "payout" ? r.sourceId : null,
      payment: type === "payout" ? null : r.sourceId,
      tx_hash: type === "payout" ? (hashes.get(r.sourceId ?? "") ?? null) : r.txHash,
      created_at: r.createdAt.toISOString(),
    };
  });
}
