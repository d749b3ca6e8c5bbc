import { createHash } from "node:crypto";
import { randomBase62 } from "../ids";

/** How long a verification link works, in milliseconds: a day, then ask for a new one. */
export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

/** The shape of a verification token in a link (and of what the verify route accepts). */
export const EMAIL_VERIFICATION_TOKEN = /^[0-9A-Za-z]{32}$/;

/** A new email verification token (32 base62 characters, ~190 bits); only its hash is stored. */
export function newEmailVerificationToken(): string {
  return randomBase62(32);
}

/** SHA-256 (hex) of a verification token: what the database holds, so a database read cannot verify anyone. */
export function hashEmailVerificationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The path of the page that verifies `token`, relative to the app's public URL. */
export function emailVerificationPath(token: string): string {
  return `/verify-email/${token}`;
}
