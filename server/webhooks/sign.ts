import "server-only";
import { createHmac, randomBytes } from "node:crypto";

/** A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * The Standard Webhooks signature of a message: `v1,` + base64(HMAC-SHA256(key, "id.timestamp.body")),
 * where key is the base64-decoded part of the secret after `whsec_`.
 */
export function signWebhook(secret: string, msg: { id: string; timestamp: number; body: string }): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  const mac = createHmac("sha256", key).update(`${msg.id}.${msg.timestamp}.${msg.body}`).digest("base64");
  return `v1,${mac}`;
}

/**
 * The `webhook-signature` header for a message signed with each secret, space-separated (Standard
 * Webhooks lets a receiver accept any one of them): the current secret first, then, during a
 * rotation's overlap, the previous one.
 */
export function signatureHeader(
  secrets: readonly string[],
  msg: { id: string; timestamp: number; body: string },
): string {
  return secrets.map((secret) => signWebhook(secret, msg)).join(" ");
}
