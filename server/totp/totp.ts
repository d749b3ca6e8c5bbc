import { createHmac, randomBytes } from "node:crypto";

// TOTP per RFC 6238 over HOTP (RFC 4226) with node:crypto: what authenticator apps expect (HMAC-SHA-1, 6 digits,
// 30-second steps). No "server-only": e2e specs import it to compute the code of the secret a page shows.

/** Seconds per time step. */
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of the current one still accepted: a phone's clock a little off, a code typed at a boundary. */
export const TOTP_DRIFT_STEPS = 1;

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding (what `otpauth://` URIs carry). */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decode RFC 4648 base32 (case, spaces and padding ignored); throws on another character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index === -1) throw new Error("invalid base32 character");
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommended length), base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The time step of an instant: whole periods since the Unix epoch. */
export function totpStep(at: Date): bigint {
  return BigInt(Math.floor(at.getTime() / 1000 / TOTP_PERIOD_S));
}

/** HOTP (RFC 4226 §5.3): HMAC of the 8-byte big-endian counter, dynamically truncated, `digits` long. */
export function hotp(
  key: Uint8Array,
  counter: bigint,
  opts: { digits?: number; algorithm?: "sha1" | "sha256" | "sha512" } = {},
): string {
  const digits = opts.digits ?? TOTP_DIGITS;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(opts.algorithm ?? "sha1", key)
    .update(message)
    .digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return binary.toString().padStart(digits, "0");
}

/** The TOTP code of a base32 secret at an instant. */
export function totpCode(secret: string, at: Date): string {
  return hotp(base32Decode(secret), totpStep(at));
}

/**
 * The time step whose code `code` is, among the current one and TOTP_DRIFT_STEPS either side (the current step
 * first), or null when none matches. Compared in constant time. Whether the step was used before is the caller's.
 */
export function matchTotpStep(secret: string, code: string, at: Date): bigint | null {
  if (!/^\d{6}$/.test(code)) return null;
  const key = base32Decode(secret);
  const now = totpStep(at);
  const steps = [now];
  for (let d = 1; d <= TOTP_DRIFT_STEPS; d++) steps.push(now - BigInt(d), now + BigInt(d));
  let found: bigint | null = null;
  for (const step of steps) {
    // Every candidate is computed and compared, so the time taken does not say which one matched.
    if (constantTimeEqual(hotp(key, step), code) && found === null) found = step;
  }
  return found;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The `otpauth://` URI an authenticator app scans: issuer Payrail, the account's email as its label. */
export function otpauthUri(opts: { secret: string; account: string; issuer?: string }): string {
  const issuer = opts.issuer ?? "Payrail";
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(opts.account)}`;
  const query = new URLSearchParams({
    secret: opts.secret,
    issuer,
    algorithm: "SHA1",
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_S),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
