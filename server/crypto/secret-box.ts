import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../env";
import { masterRoot } from "../wallets/master-seed";

/**
 * The data key of a master seed: the key that secrets stored in the database (webhook signing secrets, idempotent
 * responses) are encrypted with, HKDF-SHA256 of the seed (its own label), as base64url. It says nothing of the
 * seed or of any wallet key: this, not the seed, is what the web process is given (PAYRAIL_DATA_KEY), so a
 * database dump alone does not reveal the secrets and a web-process compromise exposes no private key.
 */
export function dataKeyFromSeed(seed: Uint8Array): string {
  return Buffer.from(hkdfSync("sha256", seed, Buffer.alloc(0), "payrail/secret-box/v1", 32)).toString("base64url");
}

// PAYRAIL_DATA_KEY when set (the web process has no seed); otherwise the seed's own (the worker, the CLI, and
// a deployment that still gives every process the seed): the same key either way.
function key(): Buffer {
  const configured = env().PAYRAIL_DATA_KEY;
  return Buffer.from(configured ?? dataKeyFromSeed(masterRoot().seed), "base64url");
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
