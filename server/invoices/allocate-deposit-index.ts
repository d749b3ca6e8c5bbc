import type { DbClient } from "../db";
import { hotQuery, type HotStatement } from "../db/hot-query";
import { AppError } from "../errors";
import { openInvoiceLimitReached, openInvoicesNeedCounting, rememberOpenInvoices } from "./open-invoice-limit";
import type { ToleranceKind } from "../generated/prisma/client";

/** A freshly allocated deposit address index, with the merchant settings an invoice is created with. */
export interface DepositAllocation {
  index: number;
  hdAccountIndex: number;
  /** Extended public key of the account's chain node in this mode, for deriveDepositAddress. */
  xpub: string;
  defaultExpirySeconds: number;
  underpaymentToleranceKind: ToleranceKind;
  underpaymentToleranceValue: string;
  underpaymentToleranceCurrency: string;
}

interface Row {
  index: string | null;
  open: number;
  start: number;
  hd_account_index: number;
  xpub: string | null;
  default_expiry_seconds: number;
  underpayment_tolerance_kind: ToleranceKind;
  underpayment_tolerance_value: string;
  underpayment_tolerance_currency: string;
}

// nextval of a missing sequence is null (to_regclass), not an error: the statement stays usable inside a caller's transaction.
// `open` counts the merchant's open invoices in this mode up to $3 (LIMIT 0 when no quota applies: nothing is read).
const sql = (mode: "test" | "live") => `
SELECT nextval(to_regclass($2))::text AS index, next_${mode}_address_index AS start, hd_account_index, default_expiry_seconds,
       underpayment_tolerance_kind::text AS underpayment_tolerance_kind, underpayment_tolerance_value::text AS underpayment_tolerance_value,
       underpayment_tolerance_currency, (SELECT xpub_${mode} FROM hd_accounts WHERE index = hd_account_index) AS xpub,
       (SELECT count(*)::int FROM (
          SELECT 1 FROM invoices i
           WHERE i.merchant_id = $1 AND i.livemode = ${mode === "live"} AND i.status IN ('created', 'pending', 'partially_paid')
           LIMIT $3) o) AS open
  FROM merchants WHERE id = $1`;
const SQL: Record<"test" | "live", HotStatement> = {
  test: { name: "payrail_allocate_deposit_index_test", text: sql("test") },
  live: { name: "payrail_allocate_deposit_index_live", text: sql("live") },
};

const MERCHANT_ID = /^mer_[0-9A-Za-z]{22}$/;

/** The sequence of a merchant's deposit address indexes in one mode, as a quoted identifier. */
export function depositIndexSequence(merchantId: string, livemode: boolean): string {
  if (!MERCHANT_ID.test(merchantId)) throw new Error(`not a merchant id: ${merchantId}`);
  return `"deposit_index_${merchantId}_${livemode ? "live" : "test"}"`;
}

/**
 * Hand out the merchant's next deposit address index in this mode, never handed out before: `nextval`
 * of a PostgreSQL sequence per merchant and mode, read with the merchant's settings in one statement.
 * A sequence takes no row lock and does not wait for any commit, so a merchant's creations never queue
 * behind each other. An index whose invoice is never written is a gap, which is harmless: addresses are
 * never reused, and `deposit_addresses.address` is unique. The sequence is created on first use,
 * starting at the merchant's `next_{mode}_address_index` (the counter of earlier versions, no longer
 * moved). Throws if the merchant does not exist; a 503 `service_unavailable` if its account has no xpub yet;
 * with `openInvoiceLimit`, a 409 `open_invoice_limit_reached` when the merchant has that many open invoices in this
 * mode (counted, or a count of the last second far below the limit reused: see open-invoice-limit.ts).
 */
export async function allocateDepositIndex(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; openInvoiceLimit?: number; now?: number },
): Promise<DepositAllocation> {
  const sequence = depositIndexSequence(opts.merchantId, opts.livemode);
  const statement = SQL[opts.livemode ? "live" : "test"];
  const limit = opts.openInvoiceLimit;
  const now = opts.now ?? Date.now();
  const countKey = `${opts.merchantId}:${opts.livemode}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const counting = limit !== undefined && openInvoicesNeedCounting(countKey, limit, now);
    const [row] = await hotQuery<Row>(db, statement, [opts.merchantId, sequence, counting ? limit : 0]);
    if (!row) throw new Error(`merchant ${opts.merchantId} does not exist`);
    // Checked in the same statement as the allocation (one round trip fewer per creation); the index it took is a gap.
    if (counting) {
      if (Number(row.open) >= limit) throw openInvoiceLimitReached(limit);
      rememberOpenInvoices(countKey, Number(row.open), now);
    }
    if (row.index !== null) {
      // A merchant from before the pool whose keys the worker has not derived yet (see fill-hd-account-pool.ts).
      if (row.xpub === null) {
        throw new AppError(
          "service_unavailable",
          "This merchant's deposit keys are not ready yet: the worker prepares them. Try again in a minute.",
        );
      }
      return {
        index: Number(row.index),
        hdAccountIndex: Number(row.hd_account_index),
        xpub: row.xpub,
        defaultExpirySeconds: Number(row.default_expiry_seconds),
        underpaymentToleranceKind: row.underpayment_tolerance_kind,
        underpaymentToleranceValue: row.underpayment_tolerance_value,
        underpaymentToleranceCurrency: row.underpayment_tolerance_currency,
      };
    }
    // Inside a caller's transaction, a creation racing another one waits for the other's commit and then fails on the
    // catalog's unique index; that error would abort the caller's whole transaction, so it runs under a savepoint.
    // On the root client (each statement its own transaction) SAVEPOINT is refused, and nothing needs one.
    const savepoint = await db.$executeRawUnsafe("SAVEPOINT deposit_index_sequence").then(
      () => true,
      () => false,
    );
    try {
      await db.$executeRawUnsafe(
        `CREATE SEQUENCE IF NOT EXISTS ${sequence} AS bigint MINVALUE 0 START WITH ${Number(row.start)}`,
      );
      if (savepoint) await db.$executeRawUnsafe("RELEASE SAVEPOINT deposit_index_sequence");
    } catch (error) {
      if (savepoint) await db.$executeRawUnsafe("ROLLBACK TO SAVEPOINT deposit_index_sequence");
      // Another creation made it at the same moment: use theirs.
      if (attempt === 2) throw error;
    }
  }
  throw new Error(`no deposit index sequence for merchant ${opts.merchantId}`);
}
