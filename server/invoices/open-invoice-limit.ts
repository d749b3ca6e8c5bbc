import { AppError } from "../errors";

/**
 * The 409 `open_invoice_limit_reached` of a merchant with `max` (MAX_OPEN_INVOICES_PER_MERCHANT) open invoices
 * (created, pending or partially paid) in one mode. Each open invoice is watched by the chain workers, so an
 * unbounded number from one merchant would slow everyone's detection.
 *
 * The count is taken in the statement that allocates the new invoice's address index (allocateDepositIndex with
 * `openInvoiceLimit`), and stops at the limit (an index range on merchant, mode and status). Invoice creation takes
 * no per-merchant lock (create-invoice.ts), so concurrent creations at the limit may pass it by their number.
 */
export function openInvoiceLimitReached(max: number): AppError {
  return new AppError(
    "open_invoice_limit_reached",
    `This merchant has ${max} open invoices in this mode, the most allowed: wait for some to be paid or expire, or cancel some.`,
  );
}
