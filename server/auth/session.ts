import { decode } from "next-auth/jwt";
import { db } from "../db";
import { authSecret, sessionCookieName } from "./auth-config";
import { sessionStands } from "./session-validity";

/** The signed-in user of a request, as the session cookie says: id and email. */
export interface Session {
  userId: string;
  email: string;
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The session of a request from its cookie (next-auth's encrypted JWT), or null when there is none,
 * it was tampered with, it has expired (12 hours after sign-in, whatever the activity) or it was revoked.
 * Used by tRPC's context and the dashboard's server components alike, so both read sessions the same way.
 */
export async function readSession(headers: Headers): Promise<Session | null> {
  const token = readCookie(headers.get("cookie"), sessionCookieName());
  if (!token) return null;
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token, secret: authSecret() });
    // jose checks `exp` while decrypting; this guards a token minted without one.
    if (typeof payload?.exp !== "number" || payload.exp * 1000 < Date.now()) return null;
  } catch {
    return null;
  }
  if (!payload?.sub || typeof payload.email !== "string") return null;
  // `exp` slides with activity (next-auth re-issues the cookie); the sign-in time and the user's session
  // version do not, and are checked on every request.
  if (!(await sessionStands(db(), payload))) return null;
  return { userId: payload.sub, email: payload.email };
}
