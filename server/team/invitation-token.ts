import { createHash } from "node:crypto";
import { randomBase62 } from "../ids";

/** A new invitation token (~190 bits); only its hash is stored. */
export function newInvitationToken(): string {
  return randomBase62(32);
}

/** SHA-256 (hex) of an invitation token: what the database holds. */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
