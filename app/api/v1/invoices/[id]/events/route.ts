import { apiRoute, json, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { listInvoiceEvents } from "@/server/invoices/list-invoice-events";
import { listInvoiceEventsQuery } from "@/server/invoices/list-invoices.schema";

// GET /api/v1/invoices/{id}/events: the invoice's events in sequence order
export const GET = apiRoute<{ id: string }>("invoices:read", async (request, auth, params) => {
  const query = readQuery(request, listInvoiceEventsQuery);
  const page = await listInvoiceEvents(db(), {
    invoiceId: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    query,
  });
  return json(200, { object: "list", ...page });
});
