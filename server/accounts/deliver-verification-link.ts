import type pino from "pino";
import { env, type Env } from "../env";
import { logger } from "../logger";
import { emailVerificationPath } from "./email-verification-token";

/**
 * Whether verification links go to the log: Payrail has no mailer, so in local development and tests (and under
 * `npm start`, which sets PAYRAIL_LOG_EMAIL_LINKS=1) the log is the mailbox. In production only when the operator
 * sets PAYRAIL_LOG_EMAIL_LINKS=1: whoever reads the log could otherwise verify any address.
 */
export function verificationLinksLogged(config: Pick<Env, "NODE_ENV" | "PAYRAIL_LOG_EMAIL_LINKS">): boolean {
  return (config.PAYRAIL_LOG_EMAIL_LINKS ?? (config.NODE_ENV === "production" ? "0" : "1")) === "1";
}

/**
 * "Send" a verification link for `email`: written to the log when verificationLinksLogged allows it, as the app's
 * origin and the link's path in two fields (the logger reduces every full URL in a line to scheme and host, so
 * that a URL carrying a key never reaches a log: the path alone passes). Nothing else about the user is logged.
 * Returns whether the link was logged.
 */
export function deliverVerificationLink(
  opts: { email: string; token: string },
  deps: { log?: pino.Logger; config?: Pick<Env, "NODE_ENV" | "PAYRAIL_LOG_EMAIL_LINKS" | "PAYRAIL_PUBLIC_URL"> } = {},
): boolean {
  const config = deps.config ?? env();
  if (!verificationLinksLogged(config)) return false;
  (deps.log ?? logger()).info(
    { email: opts.email, origin: new URL(config.PAYRAIL_PUBLIC_URL).origin, path: emailVerificationPath(opts.token) },
    "email verification link (no mailer: open origin + path to verify the address)",
  );
  return true;
}
