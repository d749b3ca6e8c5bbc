import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getInvoiceOrThrow } from "@/server/invoices/get-invoice-or-throw";

// GET /api/v1/invoices/{id}: retrieve an invoice
export const GET = apiRoute<{ id: string }>("invoices:read", async (_request, auth, params) => {
  const invoice = await getInvoiceOrThrow(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
  });
  return json(200, invoice);
});
