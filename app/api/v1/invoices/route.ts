import { apiRoute, json, readBody, readQuery } from "@/server/api/rest";
import { db, inTransaction } from "@/server/db";
import { createInvoice } from "@/server/invoices/create-invoice";
import { createInvoiceRequest } from "@/server/invoices/create-invoice.schema";
import { getInvoiceOrThrow } from "@/server/invoices/get-invoice-or-throw";
import { listInvoices } from "@/server/invoices/list-invoices";
import { listInvoicesQuery } from "@/server/invoices/list-invoices.schema";
import { quoteInvoice } from "@/server/invoices/quote-invoice";

// POST /api/v1/invoices: create an invoice
export const POST = apiRoute(async (request, auth) => {
  const body = await readBody(request, createInvoiceRequest);
  // Rates are read before the transaction, so that no lock is held while a price feed answers.
  const now = new Date();
  const quote = await quoteInvoice(body, { livemode: auth.livemode, now });
  const invoice = await inTransaction(db(), async (tx) => {
    const { id } = await createInvoice(tx, { merchantId: auth.merchantId, livemode: auth.livemode, request: body, quote, now });
    return getInvoiceOrThrow(tx, { id, merchantId: auth.merchantId, livemode: auth.livemode });
  });
  return json(201, invoice);
});

// GET /api/v1/invoices: the merchant's invoices in this mode, newest first, filtered
export const GET = apiRoute(async (request, auth) => {
  const query = readQuery(request, listInvoicesQuery);
  const page = await listInvoices(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query });
  return json(200, { object: "list", ...page });
});
