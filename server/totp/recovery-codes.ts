import { createHash, randomInt } from "node:crypto";

/** How many recovery codes an enrolment gives: each works once, in place of a one-time code. */
export const RECOVERY_CODE_COUNT = 10;

// No 0/O, 1/I/L: codes are read off paper and typed by hand.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH = 10;

/** A new recovery code as shown: `XXXXX-XXXXX` (10 characters of 31, about 49 bits). */
export function newRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The code as stored and compared: uppercase, without the dash and spaces; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

/**
 * SHA-256 of a normalized code, hex. A fast hash is enough: the codes are random and long enough that only guessing
 * online could find one, and guesses are rate-limited with the one-time codes.
 */
export function hashRecoveryCode(normalized: string): string {
  return createHash("sha256").update(`payrail-recovery-code:${normalized}`).digest("hex");
}
