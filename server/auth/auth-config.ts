import "server-only";
import { env } from "../env";

/** How long a dashboard session lasts after sign-in (seconds): a working day, then sign in again. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

/** The secret that encrypts session cookies; the dashboard cannot run without one. */
export function authSecret(): string {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret)
    throw new Error(
      "NEXTAUTH_SECRET is not set: the dashboard needs it to sign sessions (npm start generates one into .data/).",
    );
  return secret;
}

/** The dashboard's public base URL as next-auth sees it. */
export function authUrl(): string {
  return env().NEXTAUTH_URL ?? env().PAYRAIL_PUBLIC_URL;
}

/** Cookies are `Secure` (and `__Secure-` prefixed, as next-auth names them) when the app is served over https. */
export function secureCookies(): boolean {
  return authUrl().startsWith("https://");
}

/** Name of next-auth's session cookie for this deployment. */
export function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}
