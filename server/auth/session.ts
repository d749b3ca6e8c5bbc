import { decode } from "next-auth/jwt";
import { authSecret, sessionCookieName } from "./auth-config";

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
 * it was tampered with, or it has expired. Used by tRPC's context and the dashboard's server
 * components alike, so both read sessions the same way.
 */
export async function readSession(headers: Headers): Promise<Session | null> {
  const token = readCookie(headers.get("cookie"), sessionCookieName());
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: authSecret() });
    if (!payload?.sub || typeof payload.email !== "string") return null;
    // jose checks `exp` while decrypting; this guards a token minted without one.
    if (typeof payload.exp !== "number" || payload.exp * 1000 < Date.now()) return null;
    return { userId: payload.sub, email: payload.email };
  } catch {
    return null;
  }
}
