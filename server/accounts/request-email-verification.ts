import type { Tx } from "../db";
import { AppError } from "../errors";
import { createEmailVerification } from "./create-email-verification";

/** Least time between two verification links for one user, in milliseconds (each replaces the one before). */
export const EMAIL_VERIFICATION_RESEND_MS = 60_000;

/**
 * A new verification link for a signed-in user's address (a lost link, one that expired, or a user who signed up
 * before verification existed): returns the address and the token (deliverVerificationLink sends it). Errors:
 * `conflict` when the address is already verified, `rate_limited` when the last link is younger than
 * EMAIL_VERIFICATION_RESEND_MS, `resource_missing` for an unknown user.
 */
export async function requestEmailVerification(
  tx: Tx,
  opts: { userId: string; now?: Date },
): Promise<{ email: string; token: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  // Locks the user row: two requests at once cannot both pass the resend check.
  const [user] = await tx.$queryRaw<{ email: string; email_verified_at: Date | null }[]>`
    SELECT email, email_verified_at FROM users WHERE id = ${opts.userId} FOR UPDATE`;
  if (!user) throw new AppError("resource_missing", "No such user.");
  if (user.email_verified_at) throw new AppError("conflict", `${user.email} is already verified.`);
  const last = await tx.emailVerification.findFirst({
    where: { userId: opts.userId },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  if (last && now.getTime() - last.createdAt.getTime() < EMAIL_VERIFICATION_RESEND_MS) {
    throw new AppError(
      "rate_limited",
      "A verification link was sent less than a minute ago. Wait a moment, then try again.",
    );
  }
  const link = await createEmailVerification(tx, { userId: opts.userId, email: user.email, now });
  return { email: user.email, ...link };
}
