import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { cancelInvoiceForMerchant } from "@/server/invoices/cancel-invoice-for-merchant";

// POST /api/v1/invoices/{id}/cancel: cancel an invoice that has received nothing
export const POST = apiRoute<{ id: string }>("invoices:write", async (_request, auth, params) => {
  const invoice = await cancelInvoiceForMerchant(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    actor: auth.keyId,
  });
  return json(200, invoice);
});
