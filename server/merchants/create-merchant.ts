import type { DbClient } from "../db";
import { AppError, isUniqueViolation } from "../errors";
import { newId } from "../ids";

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * Create a merchant with the next free HD account index. Slugs are lowercase letters, digits and
 * dashes; a taken slug is a 409 `merchant_exists`.
 */
export async function createMerchant(
  tx: DbClient,
  opts: { slug: string; name: string; supportEmail?: string },
): Promise<{ id: string; slug: string; name: string }> {
  if (!SLUG_RE.test(opts.slug)) {
    throw new AppError("parameter_invalid", "Slug must be 1-40 lowercase letters, digits or dashes.", {
      param: "slug",
    });
  }
  if (opts.name.trim() === "") throw new AppError("parameter_invalid", "Name must not be empty.", { param: "name" });
  for (let attempt = 0; ; attempt++) {
    const last = await tx.merchant.aggregate({ _max: { hdAccountIndex: true } });
    const hdAccountIndex = (last._max.hdAccountIndex ?? -1) + 1;
    try {
      return await tx.merchant.create({
        data: {
          id: newId("mer"),
          slug: opts.slug,
          name: opts.name.trim(),
          hdAccountIndex,
          supportEmail: opts.supportEmail ?? null,
        },
        select: { id: true, slug: true, name: true },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const taken = await tx.merchant.findUnique({ where: { slug: opts.slug }, select: { id: true } });
      if (taken)
        throw new AppError("merchant_exists", `A merchant with slug "${opts.slug}" already exists.`, {
          param: "slug",
          cause: error,
        });
      // Another merchant took that account index concurrently: take the next one.
      if (attempt >= 5) throw error;
    }
  }
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
