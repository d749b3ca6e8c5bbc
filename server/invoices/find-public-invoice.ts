import type { DbTx } from "../db";
import { findInvoiceRecord, loadCursorHeights } from "./invoice-record";
import type { InvoiceResponse } from "./invoice.schema";
import { serializeInvoice } from "./serialize-invoice";

export type CheckoutInvoice = InvoiceResponse & { merchant: { name: string; support_email: string | null } };

/**
 * The invoice as the hosted page shows it (anyone with the unguessable id may see it), with the
 * merchant's public name; null when there is no such invoice.
 */
export async function findPublicInvoice(tx: DbTx, id: string): Promise<CheckoutInvoice | null> {
  if (!/^inv_[0-9A-Za-z]{22}$/.test(id)) return null;
  const record = await findInvoiceRecord(tx, { id });
  if (!record) return null;
  const invoice = serializeInvoice(record, await loadCursorHeights(tx));
  return { ...invoice, merchant: { name: record.merchant.name, support_email: record.merchant.supportEmail } };
}
