import { errorResponse, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { checkoutVersion, findPublicInvoice } from "@/server/invoices/find-public-invoice";
import { finalStatuses } from "@/server/invoices/invoice.schema";

type Context = { params: Promise<{ id: string }> };

/**
 * GET /pay/[id]/status: what the hosted page polls every 2 s until the invoice is final. A few dozen
 * bytes: the status and the version of the page's view; when the version differs from the one the
 * page shows, the page fetches itself again. 404 for an unknown id; errors in the API's shape.
 */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  try {
    const { id } = await params;
    const invoice = await findPublicInvoice(db(), id);
    if (!invoice) throw new AppError("resource_missing", "No such invoice.");
    return json(200, {
      id: invoice.id,
      status: invoice.status,
      final: finalStatuses.includes(invoice.status),
      version: checkoutVersion(invoice),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
