import type { DbClient } from "../db";
import { env } from "../env";
import { AppError } from "../errors";

/**
 * Refuse a new invoice while the merchant has MAX_OPEN_INVOICES_PER_MERCHANT open ones (created,
 * pending or partially paid) in this mode: 409 `open_invoice_limit_reached`. Each open invoice is
 * watched by the chain workers, so an unbounded number from one merchant would slow everyone's detection.
 * The count stops at the limit (an index range on merchant, mode and status). Invoice creation takes no
 * per-merchant lock (create-invoice.ts), so concurrent creations at the limit may pass it by their number.
 */
export async function checkOpenInvoiceQuota(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean },
): Promise<void> {
  const max = env().MAX_OPEN_INVOICES_PER_MERCHANT;
  const [row] = await db.$queryRaw<{ open: number }[]>`
    SELECT count(*)::int AS open FROM (
      SELECT 1 FROM invoices
       WHERE merchant_id = ${opts.merchantId} AND livemode = ${opts.livemode}
         AND status IN ('created', 'pending', 'partially_paid')
       LIMIT ${max}
    ) o`;
  if ((row?.open ?? 0) >= max) {
    throw new AppError(
      "open_invoice_limit_reached",
      `This merchant has ${max} open invoices in this mode, the most allowed: wait for some to be paid or expire, or cancel some.`,
    );
  }
}
