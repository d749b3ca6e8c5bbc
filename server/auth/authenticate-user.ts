import type { DbClient } from "../db";
import { verifyPassword } from "./passwords";

/** Who signed in: what the session carries. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  /** The user's session version now: a session carries it and stands while it matches. */
  sessionVersion: number;
}

/** Normalised form of an email address for lookups: trimmed, lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The user with this email and password, or null (unknown email and wrong password look the same,
 * in the answer and in the time it takes).
 */
export async function authenticateUser(
  tx: DbClient,
  opts: { email: string; password: string },
): Promise<SessionUser | null> {
  const user = await tx.user.findUnique({
    where: { email: normalizeEmail(opts.email) },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? null, opts.password);
  return ok && user ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null;
}
