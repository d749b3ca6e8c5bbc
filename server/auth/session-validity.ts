import type { DbClient } from "../db";

/** How long a sign-in lasts, in seconds, however active the session: a working day, then sign in again. */
export const SESSION_LIFETIME_S = 12 * 60 * 60;

/** What a session token carries about its sign-in (next-auth JWT claims). */
export interface SessionClaims {
  /** The user id. */
  sub?: unknown;
  /** The user's session version at sign-in (users.session_version). */
  sv?: unknown;
  /** When the user signed in, Unix seconds: the lifetime counts from here, not from the last request. */
  sia?: unknown;
}

/**
 * Whether a session token still stands: signed in less than SESSION_LIFETIME_S ago (activity does not
 * extend it) and under the user's current session version (raised by "sign out everywhere" and member
 * removal). Tokens without these claims (minted before they existed) do not stand. One indexed read.
 */
export async function sessionStands(tx: DbClient, claims: SessionClaims, nowMs: number = Date.now()): Promise<boolean> {
  if (typeof claims.sub !== "string" || typeof claims.sv !== "number" || typeof claims.sia !== "number") return false;
  if ((claims.sia + SESSION_LIFETIME_S) * 1000 <= nowMs || claims.sia * 1000 > nowMs + 60_000) return false;
  const user = await tx.user.findUnique({ where: { id: claims.sub }, select: { sessionVersion: true } });
  return user !== null && user.sessionVersion === claims.sv;
}
