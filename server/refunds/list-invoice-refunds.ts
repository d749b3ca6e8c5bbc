import type { DbClient } from "../db";
import { AppError } from "../errors";
import { serializeRefund } from "./serialize-refund";
import type { InvoiceRefund } from "./dashboard-refund.schema";

/**
 * The refunds of the merchant's invoice in this mode, newest first, each with its payout's transaction (the
 * dashboard's invoice page). Another merchant's or mode's invoice is a 404.
 */
export async function listInvoiceRefunds(
  db: DbClient,
  opts: { invoiceId: string; merchantId: string; livemode: boolean },
): Promise<InvoiceRefund[]> {
  const invoice = await db.invoice.findFirst({
    where: { id: opts.invoiceId, merchantId: opts.merchantId, livemode: opts.livemode },
    select: { id: true },
  });
  if (!invoice) throw new AppError("resource_missing", `No such invoice: '${opts.invoiceId}'.`, { param: "invoice" });
  const refunds = await db.refund.findMany({
    where: { invoiceId: invoice.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { payout: { select: { id: true, txHash: true, status: true } } },
    take: 100,
  });
  return refunds.map((r) => ({
    ...serializeRefund(r, { payoutId: r.payout?.id ?? null }),
    tx_hash: r.payout?.txHash ?? null,
  }));
}
