import { inTransaction, type Db } from "../db";
import { getInvoiceOrThrow } from "./get-invoice-or-throw";
import type { InvoiceResponse } from "./invoice.schema";
import { resolveInvoice } from "./resolve-invoice";
import type { ResolveInvoiceRequest } from "./resolve-invoice.schema";

/**
 * Resolve the merchant's invoice in review by `actor`'s decision (an API key or a user) and return it
 * as the API shows it. Another merchant's or mode's invoice is a 404; one not in review a 409
 * `invoice_not_in_review`; a refund beyond what was received a 422 (see resolve-invoice.ts).
 */
export function resolveInvoiceForMerchant(
  db: Db,
  opts: {
    id: string;
    merchantId: string;
    livemode: boolean;
    actor: string;
    request: ResolveInvoiceRequest;
    now?: Date;
  },
): Promise<InvoiceResponse> {
  const scope = { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode };
  return inTransaction(db, async (tx) => {
    await resolveInvoice(tx, { ...scope, actor: opts.actor, request: opts.request, now: opts.now ?? new Date() });
    return getInvoiceOrThrow(tx, scope);
  });
}
