import type { DbClient } from "../db";

/**
 * Sign a user out everywhere: every session token issued so far stops standing at its next request
 * (session-validity.ts), whichever device holds it. Used by "sign out everywhere" and member removal.
 */
export async function revokeUserSessions(tx: DbClient, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
