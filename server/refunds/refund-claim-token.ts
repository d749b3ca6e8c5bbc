import { createHash } from "node:crypto";
import { randomBase62 } from "../ids";

/** How long a refund's claim link works, in milliseconds: 30 days. */
export const REFUND_CLAIM_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The shape of a claim token in a link (and of what the claim page accepts). */
export const REFUND_CLAIM_TOKEN = /^[0-9A-Za-z]{32}$/;

/** A new claim token (32 base62 characters, ~190 bits); only its hash is stored, as email verification does. */
export function newRefundClaimToken(): string {
  return randomBase62(32);
}

/** SHA-256 (hex) of a claim token: what the database holds, so a database read cannot claim a refund. */
export function hashRefundClaimToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The path of the claim page of `token`, relative to the app's public URL (pages/claim/[token].tsx). */
export function refundClaimPath(token: string): string {
  return `/claim/${token}`;
}
