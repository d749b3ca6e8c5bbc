import { inTransaction, type Db } from "../db";
import type { CreateInvoiceRequest } from "./create-invoice.schema";
import { createInvoice } from "./create-invoice";
import { getInvoiceOrThrow } from "./get-invoice-or-throw";
import type { InvoiceResponse } from "./invoice.schema";
import { quoteInvoice } from "./quote-invoice";

/**
 * Create an invoice for the merchant in one mode, as the API and the dashboard do, and return it as
 * the API shows it. Rates are read before the transaction opens, so no lock is held while a price
 * feed answers. Errors: the 422s of quoting (amount, currency, networks, rates).
 */
export async function createInvoiceForMerchant(
  db: Db,
  opts: { merchantId: string; livemode: boolean; request: CreateInvoiceRequest; now?: Date },
): Promise<InvoiceResponse> {
  const now = opts.now ?? new Date();
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const quote = await quoteInvoice(opts.request, { livemode: scope.livemode, now });
  return inTransaction(db, async (tx) => {
    const { id } = await createInvoice(tx, { ...scope, request: opts.request, quote, now });
    return getInvoiceOrThrow(tx, { id, ...scope });
  });
}
