import { apiRoute, json } from "@/server/api/rest";
import { db, inTransaction } from "@/server/db";
import { cancelInvoice } from "@/server/invoices/cancel-invoice";
import { getInvoiceOrThrow } from "@/server/invoices/get-invoice-or-throw";

// POST /api/v1/invoices/{id}/cancel: cancel an invoice that has received nothing
export const POST = apiRoute<{ id: string }>(async (_request, auth, params) => {
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode };
  const invoice = await inTransaction(db(), async (tx) => {
    await cancelInvoice(tx, { ...scope, actor: auth.keyId, now: new Date() });
    return getInvoiceOrThrow(tx, scope);
  });
  return json(200, invoice);
});
