import type { DbClient } from "../db";

/** The user's email address and whether it is verified (null for an unknown user). */
export async function getEmailVerification(
  db: DbClient,
  userId: string,
): Promise<{ email: string; verified: boolean } | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  return user ? { email: user.email, verified: user.emailVerifiedAt !== null } : null;
}
