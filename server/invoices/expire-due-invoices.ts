import { inTransaction, type Db } from "../db";
import { recomputeInvoice } from "./recompute-invoice";

/**
 * Recompute open invoices whose expiry has passed (→ expired, or review when short), each in its
 * own transaction so one failure does not hold back the rest. Returns how many changed status.
 */
export async function expireDueInvoices(db: Db, opts: { now: Date; limit?: number }): Promise<number> {
  const due = await db.invoice.findMany({
    where: { status: { in: ["created", "pending", "partially_paid"] }, expiresAt: { lte: opts.now } },
    select: { id: true },
    orderBy: { expiresAt: "asc" },
    take: opts.limit ?? 200,
  });
  let changed = 0;
  for (const { id } of due) {
    const result = await inTransaction(db, (tx) => recomputeInvoice(tx, { invoiceId: id, now: opts.now, cause: { source: "clock", expired_at: opts.now.toISOString() } }));
    if (result) changed++;
  }
  return changed;
}
