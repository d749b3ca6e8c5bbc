import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { masterRoot } from "../wallets/master-seed";

// Secrets stored in the database (webhook signing secrets) are encrypted with a key derived from the
// master seed, so a database dump alone does not reveal them.
function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", masterRoot().seed, Buffer.alloc(0), "payrail/secret-box/v1", 32));
}

/** Encrypt with AES-256-GCM; output `v1.<base64(iv | tag | ciphertext)>`. */
export function sealSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

/** Decrypt what sealSecret produced; throws if it was tampered with or sealed under another seed. */
export function openSecret(sealed: string): string {
  if (!sealed.startsWith("v1.")) throw new Error("unknown sealed secret format");
  const raw = Buffer.from(sealed.slice(3), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
