import type { Tx } from "../db";
import { AppError } from "../errors";
import { hashEmailVerificationToken } from "./email-verification-token";

/**
 * Verify an email address with the token of a verification link: the user's `emailVerifiedAt` is set (kept
 * when already set) and the link is used up. Works once, before it expires, and only while the user's email is
 * still the one the link was sent to. Errors: `resource_missing` for an unknown token, `conflict` for a used,
 * expired or outdated one. Returns the verified address.
 */
export async function verifyEmail(tx: Tx, opts: { token: string; now?: Date }): Promise<{ email: string }> {
  const now = opts.now ?? new Date();
  const link = await tx.emailVerification.findUnique({
    where: { tokenHash: hashEmailVerificationToken(opts.token) },
    select: { id: true, userId: true, email: true, usedAt: true, expiresAt: true, user: { select: { email: true } } },
  });
  if (!link) throw new AppError("resource_missing", "This verification link is not valid.");
  if (link.usedAt) throw new AppError("conflict", "This verification link was already used.");
  if (link.expiresAt <= now) {
    throw new AppError("conflict", "This verification link has expired. Sign in and ask for a new one.");
  }
  if (link.user.email !== link.email) {
    throw new AppError("conflict", "This verification link is for an address the account no longer uses.");
  }
  // Single use under concurrency: only one transaction turns used_at from null.
  const claimed = await tx.emailVerification.updateMany({
    where: { id: link.id, usedAt: null },
    data: { usedAt: now },
  });
  if (claimed.count === 0) throw new AppError("conflict", "This verification link was already used.");
  await tx.user.updateMany({ where: { id: link.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
  return { email: link.email };
}
