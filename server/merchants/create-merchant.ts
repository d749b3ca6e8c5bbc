import { inTransaction, type Db, type DbClient, type Tx } from "../db";
import { AppError, isUniqueViolation } from "../errors";
import { newId } from "../ids";
import { claimHdAccount } from "../wallets/claim-hd-account";

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * Create a merchant with the next merchant HD account of the pool (claim-hd-account.ts: an empty pool is a
 * 503 `service_unavailable`; no master seed is needed). Slugs are lowercase letters, digits and dashes; a taken
 * slug is a 409 `merchant_exists`. Given the root client it runs in its own transaction; given a transaction
 * it is part of it.
 */
export async function createMerchant(
  db: Db | Tx,
  opts: { slug: string; name: string; supportEmail?: string },
): Promise<{ id: string; slug: string; name: string }> {
  if (!SLUG_RE.test(opts.slug)) {
    throw new AppError("parameter_invalid", "Slug must be 1-40 lowercase letters, digits or dashes.", {
      param: "slug",
    });
  }
  if (opts.name.trim() === "") throw new AppError("parameter_invalid", "Name must not be empty.", { param: "name" });
  try {
    // The pool row's lock lasts until the commit: only a transaction keeps it from a second taker.
    return "$transaction" in db
      ? await inTransaction(db as Db, (tx) => insertMerchant(tx, opts))
      : await insertMerchant(db, opts);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Inside a caller's transaction this read fails (the violation aborted it): callers check the slug first.
    const taken = await db.merchant.findUnique({ where: { slug: opts.slug }, select: { id: true } });
    if (taken)
      throw new AppError("merchant_exists", `A merchant with slug "${opts.slug}" already exists.`, {
        param: "slug",
        cause: error,
      });
    throw error;
  }
}

function insertMerchant(
  tx: Tx,
  opts: { slug: string; name: string; supportEmail?: string },
): Promise<{ id: string; slug: string; name: string }> {
  return claimHdAccount(tx, (hdAccountIndex) =>
    tx.merchant.create({
      data: {
        id: newId("mer"),
        slug: opts.slug,
        name: opts.name.trim(),
        hdAccountIndex,
        supportEmail: opts.supportEmail ?? null,
      },
      select: { id: true, slug: true, name: true },
    }),
  );
}

/** The merchant with this slug, or a 404 AppError. */
export async function getMerchantBySlugOrThrow(
  tx: DbClient,
  slug: string,
): Promise<{ id: string; slug: string; name: string }> {
  const merchant = await tx.merchant.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
  if (!merchant) throw new AppError("resource_missing", `No merchant with slug "${slug}".`, { param: "slug" });
  return merchant;
}
