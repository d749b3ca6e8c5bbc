import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/server/db";
import { publicInvoiceExists } from "@/server/invoices/find-public-invoice";

/**
 * Runs before `/pay/[id]` renders. An unknown payment link must answer 404 *with* its explanation in
 * the HTML; `notFound()` inside the streamed page gives the 404 but leaves the body to be rendered
 * after hydration. So the page renders the not-found view itself and this sets the status.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const id = decodeURIComponent(request.nextUrl.pathname.slice("/pay/".length));
  try {
    if (await publicInvoiceExists(db(), id)) return NextResponse.next();
  } catch {
    // The database is unreachable: let the page render (and fail) as it would without this check.
    return NextResponse.next();
  }
  return NextResponse.next({ status: 404 });
}

export const config = { matcher: "/pay/:id" };
