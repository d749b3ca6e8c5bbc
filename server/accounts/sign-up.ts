import { inTransaction, type Db, type Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import { normalizeEmail } from "../auth/authenticate-user";
import { hashPassword } from "../auth/passwords";
import { AppError, isUniqueViolation } from "../errors";
import { newId, randomBase62 } from "../ids";
import { createMerchant } from "../merchants/create-merchant";
import { checkMerchantQuota } from "./check-merchant-quota";
import { createEmailVerification } from "./create-email-verification";
import type { SignUpRequest } from "./sign-up.schema";

/** A slug from a business name: "Acme Coffee, Inc." → "acme-coffee-inc". */
export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 30)
    .replace(/-+$/, "");
  // "new" is a dashboard route (/dashboard/new), not a merchant.
  return !base || base === "new" ? "merchant" : base;
}

/** Run `create` with the name's slug, then with random suffixes while the slug is taken. */
async function withFreeSlug<T>(name: string, create: (slug: string) => Promise<T>): Promise<T> {
  const base = slugify(name);
  for (let attempt = 0; ; attempt++) {
    try {
      return await create(attempt === 0 ? base : `${base}-${randomBase62(5).toLowerCase()}`);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "merchant_exists" && attempt < 5)) throw error;
    }
  }
}

async function createMerchantOwnedBy(
  tx: Tx,
  opts: { userId: string; name: string; slug: string },
): Promise<{ merchantId: string; slug: string }> {
  // Checked first: inside a transaction a unique violation would abort it, leaving nothing to retry in.
  if (await tx.merchant.findUnique({ where: { slug: opts.slug }, select: { id: true } })) {
    throw new AppError("merchant_exists", `The slug "${opts.slug}" is taken.`, { param: "slug" });
  }
  const merchant = await createMerchant(tx, { slug: opts.slug, name: opts.name });
  await tx.membership.create({
    data: { id: newId("mem"), userId: opts.userId, merchantId: merchant.id, role: "owner" },
  });
  await recordAudit(tx, {
    merchantId: merchant.id,
    livemode: null,
    actor: opts.userId,
    action: "merchant.created",
    targetType: "merchant",
    targetId: merchant.id,
    data: { name: merchant.name, slug: merchant.slug },
  });
  return { merchantId: merchant.id, slug: merchant.slug };
}

const emailTaken = (cause?: unknown) =>
  new AppError("conflict", "An account with this email already exists. Sign in instead.", { param: "email", cause });

/**
 * Create a user, their merchant and their owner membership, in one transaction. An email already
 * registered is a 409 `conflict`; the merchant's slug is the business name's, with a random suffix
 * when that is taken. The user starts unverified, with a verification link (its token returned here, once:
 * deliverVerificationLink sends it) created in the same transaction.
 */
export async function signUp(
  db: Db,
  request: SignUpRequest,
): Promise<{ userId: string; merchantId: string; slug: string; email: string; verificationToken: string }> {
  const email = normalizeEmail(request.email);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
  const passwordHash = await hashPassword(request.password);
  try {
    return await withFreeSlug(request.businessName, (slug) =>
      inTransaction(db, async (tx) => {
        const userId = newId("usr");
        await tx.user.create({ data: { id: userId, email, name: request.name, passwordHash } });
        const merchant = await createMerchantOwnedBy(tx, { userId, name: request.businessName, slug });
        const { token } = await createEmailVerification(tx, { userId, email });
        return { userId, ...merchant, email, verificationToken: token };
      }),
    );
  } catch (error) {
    // Two sign-ups with one email at once: the unique index decides.
    if (isUniqueViolation(error) && (await db.user.findUnique({ where: { email }, select: { id: true } })))
      throw emailTaken(error);
    throw error;
  }
}

/**
 * Create another merchant owned by an existing user (the merchant switcher's "New merchant"). A user who
 * owns MAX_MERCHANTS_PER_USER already gets a 409 `merchant_limit_reached`.
 */
export function createOwnedMerchant(
  db: Db,
  opts: { userId: string; name: string },
): Promise<{ merchantId: string; slug: string }> {
  return withFreeSlug(opts.name, (slug) =>
    inTransaction(db, async (tx) => {
      await checkMerchantQuota(tx, opts.userId);
      return createMerchantOwnedBy(tx, { ...opts, slug });
    }),
  );
}
