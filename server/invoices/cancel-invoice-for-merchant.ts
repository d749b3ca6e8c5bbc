import { inTransaction, type Db } from "../db";
import { cancelInvoice } from "./cancel-invoice";
import { getInvoiceOrThrow } from "./get-invoice-or-throw";
import type { InvoiceResponse } from "./invoice.schema";

/**
 * Cancel the merchant's invoice on the request of `actor` (an API key or a user) and return it as the
 * API shows it. Another merchant's or mode's invoice is a 404; one that received anything a 409
 * `invoice_not_cancellable` (see cancel-invoice.ts).
 */
export function cancelInvoiceForMerchant(
  db: Db,
  opts: { id: string; merchantId: string; livemode: boolean; actor: string; now?: Date },
): Promise<InvoiceResponse> {
  const scope = { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode };
  return inTransaction(db, async (tx) => {
    await cancelInvoice(tx, { ...scope, actor: opts.actor, now: opts.now ?? new Date() });
    return getInvoiceOrThrow(tx, scope);
  });
}
