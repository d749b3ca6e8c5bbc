import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { claimRefund } from "@/server/refunds/claim-refund";
import { refundClaimPath, REFUND_CLAIM_TOKEN } from "@/server/refunds/refund-claim-token";

/** Where the claim page goes next: a relative 303 (the browser GETs it), so no origin is guessed behind a proxy. */
function seeOther(path: string): Response {
  return new Response(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });
}

// POST /claim/{token}/confirm: the claim page's last step (a plain form, no script). The customer confirmed the
// address shown back to them; the refund is paid to it (server/refunds/claim-refund.ts) and the page shows the
// outcome. A bad address goes back to the form with the reason; a used, cancelled or expired link to its page.
export async function POST(request: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  if (!REFUND_CLAIM_TOKEN.test(token)) return new Response("Not found", { status: 404 });
  const page = refundClaimPath(token);
  let address = "";
  try {
    const form = await request.formData();
    const value = form.get("address");
    address = typeof value === "string" ? value.slice(0, 100) : "";
  } catch {
    return seeOther(`${page}?error=address`);
  }
  try {
    await claimRefund(db(), { token, address });
    return seeOther(page);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const back = (code: string) => `${page}?${new URLSearchParams({ address, error: code })}`;
    if (error.code === "parameter_invalid")
      return seeOther(`${page}?${new URLSearchParams({ error: "address", address })}`);
    if (error.code === "insufficient_balance") {
      logger().warn({ err: error }, "refund claim: the merchant's balance cannot pay the refund now");
      return seeOther(back("unavailable"));
    }
    return seeOther(page);
  }
}
