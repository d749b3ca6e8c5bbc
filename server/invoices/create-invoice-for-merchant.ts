import type { Db } from "../db";
import { env } from "../env";
import type { CreateInvoiceRequest } from "./create-invoice.schema";
import { createInvoice } from "./create-invoice";
import type { InvoiceResponse } from "./invoice.schema";
import { quoteInvoice } from "./quote-invoice";

/**
 * Create an invoice for the merchant in one mode, as the API and the dashboard do, and return it as
 * the API shows it. Rates are read first, so no price feed is awaited while anything is written; then
 * two statements (index allocation with the open-invoice count, then the invoice with its event and deliveries,
 * see create-invoice.ts) and no interactive transaction. Errors: the 422s of quoting (amount, currency, networks, rates); a 409
 * `open_invoice_limit_reached` when the merchant has MAX_OPEN_INVOICES_PER_MERCHANT open invoices in this mode.
 */
export async function createInvoiceForMerchant(
  db: Db,
  opts: { merchantId: string; livemode: boolean; request: CreateInvoiceRequest; now?: Date },
): Promise<InvoiceResponse> {
  const now = opts.now ?? new Date();
  const quote = await quoteInvoice(opts.request, { livemode: opts.livemode, now });
  const { invoice } = await createInvoice(db, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    request: opts.request,
    quote,
    openInvoiceLimit: env().MAX_OPEN_INVOICES_PER_MERCHANT,
    now,
  });
  return invoice;
}
