import { inTransaction, type Db } from "../db";
import { logger } from "../logger";
import { recomputeInvoice } from "./recompute-invoice";

/**
 * Recompute open invoices whose expiry has passed (→ expired, or review when short), at most `limit` (default
 * 200) per call, each in its own transaction so that one failure does not hold back the rest. Returns how many
 * changed status.
 *
 * Fair across calls: the due invoices least recently looked at go first, and each one taken is stamped
 * (`expiry_checked_at`) before it is recomputed, so that invoices which cannot close yet (a payment still
 * confirming, or one that fails) move to the back of the queue instead of being taken again on every call
 * while the rest wait forever. Concurrent callers (several workers, the cron route) take disjoint invoices.
 */
export async function expireDueInvoices(db: Db, opts: { now: Date; limit?: number }): Promise<number> {
  // A raw statement: stamping is bookkeeping, not a change of the invoice (Prisma's update would touch updated_at).
  const due = await db.$queryRaw<{ id: string }[]>`
    UPDATE invoices SET expiry_checked_at = ${opts.now}
     WHERE id IN (
       SELECT id FROM invoices
        WHERE status IN ('created', 'pending', 'partially_paid') AND expires_at <= ${opts.now}
        ORDER BY expiry_checked_at ASC NULLS FIRST, expires_at ASC, id ASC
        LIMIT ${opts.limit ?? 200}
        FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  let changed = 0;
  for (const { id } of due) {
    try {
      const result = await inTransaction(db, (tx) =>
        recomputeInvoice(tx, {
          invoiceId: id,
          now: opts.now,
          cause: { source: "clock", expired_at: opts.now.toISOString() },
        }),
      );
      if (result) changed++;
    } catch (error) {
      logger().error({ err: error, invoiceId: id }, "expiring an invoice failed");
    }
  }
  return changed;
}
