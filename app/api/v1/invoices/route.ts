import { apiRoute, json, readBody } from "@/server/api/rest";
import { db } from "@/server/db";
import { createInvoice } from "@/server/invoices/create-invoice";
import { createInvoiceRequest } from "@/server/invoices/create-invoice.schema";
import { getInvoiceOrThrow } from "@/server/invoices/get-invoice-or-throw";

// POST /api/v1/invoices: create an invoice
export const POST = apiRoute(async (request, auth) => {
  const body = await readBody(request, createInvoiceRequest);
  const invoice = await db().$transaction(async (tx) => {
    const { id } = await createInvoice(tx, { merchantId: auth.merchantId, livemode: auth.livemode, request: body });
    return getInvoiceOrThrow(tx, { id, merchantId: auth.merchantId, livemode: auth.livemode });
  });
  return json(201, invoice);
});
