import { inTransaction, type Db } from "../db";
import { lockInvoice } from "../invoices/write-transition";
import { syncInvoiceLedger } from "./sync-invoice-ledger";

/**
 * Post the ledger entries of invoices whose payments have none: the history recorded before the
 * ledger existed (or by any path that skipped it). Each invoice is synced in its own transaction under
 * its lock, so it runs beside the watcher; run again, it finds nothing to do. Returns how many invoices
 * were synced.
 */
export async function backfillLedger(db: Db, opts: { now?: () => Date; batch?: number } = {}): Promise<number> {
  const now = opts.now ?? (() => new Date());
  const batch = opts.batch ?? 500;
  let synced = 0;
  let after = "";
  for (;;) {
    // A reorged payment that never had an entry needs none: it is not a reason to sync. Dust is posted per group
    // in the transaction that records it (sync-dust-ledger.ts): only the group's first payment is a source.
    const rows = await db.$queryRaw<{ invoice_id: string }[]>`
      SELECT DISTINCT p.invoice_id FROM payments p
       WHERE p.status <> 'reorged' AND NOT p.dust AND p.invoice_id > ${after}
         AND NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.source_id = p.id)
       ORDER BY p.invoice_id
       LIMIT ${batch}`;
    for (const { invoice_id: invoiceId } of rows) {
      await inTransaction(db, async (tx) => {
        await lockInvoice(tx, invoiceId);
        await syncInvoiceLedger(tx, { invoiceId, now: now() });
      });
      synced++;
    }
    if (rows.length < batch) return synced;
    after = rows[rows.length - 1]!.invoice_id;
  }
}
