import { apiRoute, json, readBody } from "@/server/api/rest";
import { db } from "@/server/db";
import { resolveInvoiceForMerchant } from "@/server/invoices/resolve-invoice-for-merchant";
import { resolveInvoiceRequest } from "@/server/invoices/resolve-invoice.schema";

// POST /api/v1/invoices/{id}/resolve: the merchant's decision on an invoice in review
export const POST = apiRoute<{ id: string }>("invoices:write", async (request, auth, params) => {
  const body = await readBody(request, resolveInvoiceRequest);
  const invoice = await resolveInvoiceForMerchant(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    actor: auth.keyId,
    request: body,
  });
  return json(200, invoice);
});
