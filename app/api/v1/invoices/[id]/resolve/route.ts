import { apiRoute, json, readBody } from "@/server/api/rest";
import { db, inTransaction } from "@/server/db";
import { getInvoiceOrThrow } from "@/server/invoices/get-invoice-or-throw";
import { resolveInvoice } from "@/server/invoices/resolve-invoice";
import { resolveInvoiceRequest } from "@/server/invoices/resolve-invoice.schema";

// POST /api/v1/invoices/{id}/resolve: the merchant's decision on an invoice in review
export const POST = apiRoute<{ id: string }>(async (request, auth, params) => {
  const body = await readBody(request, resolveInvoiceRequest);
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  const invoice = await inTransaction(db(), async (tx) => {
    await resolveInvoice(tx, { ...scope, actor: auth.keyId, request: body, now: new Date() });
    return getInvoiceOrThrow(tx, scope);
  });
  return json(200, invoice);
});
