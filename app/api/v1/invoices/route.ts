import { apiRoute, json, readBody, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { createInvoiceForMerchant } from "@/server/invoices/create-invoice-for-merchant";
import { createInvoiceRequest } from "@/server/invoices/create-invoice.schema";
import { listInvoices } from "@/server/invoices/list-invoices";
import { listInvoicesQuery } from "@/server/invoices/list-invoices.schema";

// POST /api/v1/invoices: create an invoice
export const POST = apiRoute("invoices:write", async (request, auth) => {
  const body = await readBody(request, createInvoiceRequest);
  const invoice = await createInvoiceForMerchant(db(), {
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    request: body,
  });
  return json(201, invoice);
});

// GET /api/v1/invoices: the merchant's invoices in this mode, newest first, filtered
export const GET = apiRoute("invoices:read", async (request, auth) => {
  const query = readQuery(request, listInvoicesQuery);
  const page = await listInvoices(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query });
  return json(200, { object: "list", ...page });
});
