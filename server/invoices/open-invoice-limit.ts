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

/** How long a count far below the limit is trusted, in milliseconds. */
export const OPEN_COUNT_TRUSTED_MS = 1_000;
/** Below this share of the limit (counting every creation since), a recent count is trusted. */
const TRUSTED_SHARE = 0.9;

interface Counted {
  open: number;
  at: number;
  /** Creations in this process since the count, each taken as one more open invoice. */
  since: number;
}

const counts = new Map<string, Counted>();
const MAX_REMEMBERED = 10_000;

/**
 * Whether this creation must count the merchant's open invoices. Counting reads up to `limit` index entries (10,000
 * by default), which at a merchant with thousands of open invoices was most of the database's work per creation
 * (bench:api). So a count is reused for OPEN_COUNT_TRUSTED_MS while it, plus every creation in this process since,
 * stays below 90% of the limit; near the limit every creation counts. What this can let through beyond the limit
 * is what other processes create within that second, on top of what concurrent creations could pass already.
 */
export function openInvoicesNeedCounting(key: string, limit: number, now: number): boolean {
  const counted = counts.get(key);
  if (!counted || now - counted.at >= OPEN_COUNT_TRUSTED_MS || now < counted.at) return true;
  if (counted.open + counted.since + 1 >= limit * TRUSTED_SHARE) return true;
  counted.since++;
  return false;
}

/** Remember a fresh count of open invoices (before this creation), which this creation then adds one to. */
export function rememberOpenInvoices(key: string, open: number, now: number): void {
  if (counts.size >= MAX_REMEMBERED && !counts.has(key)) counts.clear();
  counts.set(key, { open, at: now, since: 1 });
}
