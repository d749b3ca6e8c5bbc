import { qrSvg } from "@/server/invoices/qr-svg";
import { db } from "@/server/db";
import { findPublicInvoice } from "@/server/invoices/find-public-invoice";

type Context = { params: Promise<{ id: string }> };

// GET /pay/[id]/qr?network=&asset=&due=: QR code (SVG) of the EIP-681 URI for what is still due on one payment option
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  const query = new URL(request.url).searchParams;
  const invoice = await findPublicInvoice(db(), id);
  const option = invoice?.payment_options.find(
    (o) => o.network === query.get("network") && o.asset === query.get("asset"),
  );
  if (!option) return new Response("Not found", { status: 404, headers: { "cache-control": "no-store" } });

  // The page puts the due base units in the URL, so a partial payment gives a new URL; an image is
  // cached only when it encodes what that URL says.
  const cacheable = query.get("due") === option.amount_due_base_units;
  return new Response(await qrSvg(option.payment_uri_due), {
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": cacheable ? "private, max-age=3600" : "no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
