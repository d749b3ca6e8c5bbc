import { db } from "@/server/db";
import { checkoutVersion, findPublicInvoice } from "@/server/invoices/find-public-invoice";
import { finalStatuses } from "@/server/invoices/invoice.schema";

type Context = { params: Promise<{ id: string }> };

const noStore = { "cache-control": "no-store" };

/**
 * GET /pay/[id]/status: what the hosted page polls every 2 s until the invoice is final. A few dozen
 * bytes: the status and the version of the page's view; when the version differs from the one the
 * page shows, the page fetches itself again. 404 for an unknown id.
 */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  const invoice = await findPublicInvoice(db(), id);
  if (!invoice) return Response.json({ error: { type: "invalid_request_error", code: "resource_missing", message: "No such invoice." } }, { status: 404, headers: noStore });
  return Response.json({ id: invoice.id, status: invoice.status, final: finalStatuses.includes(invoice.status), version: checkoutVersion(invoice) }, { headers: noStore });
}
