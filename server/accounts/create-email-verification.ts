import type { Tx } from "../db";
import { newId } from "../ids";
import {
  EMAIL_VERIFICATION_TTL_MS,
  hashEmailVerificationToken,
  newEmailVerificationToken,
} from "./email-verification-token";

/**
 * Issue a verification link for the user's current email: returns the token (the only time it exists in clear;
 * the row keeps its SHA-256) and when it expires (EMAIL_VERIFICATION_TTL_MS from `now`). The user's earlier
 * unused links are deleted, so only the newest one works.
 */
export async function createEmailVerification(
  tx: Tx,
  opts: { userId: string; email: string; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  const token = newEmailVerificationToken();
  const expiresAt = new Date(now.getTime() + EMAIL_VERIFICATION_TTL_MS);
  await tx.emailVerification.deleteMany({ where: { userId: opts.userId, usedAt: null } });
  await tx.emailVerification.create({
    data: {
      id: newId("emv"),
      userId: opts.userId,
      email: opts.email,
      tokenHash: hashEmailVerificationToken(token),
      expiresAt,
      createdAt: now,
    },
  });
  return { token, expiresAt };
}
