import "server-only";
import { createHash } from "node:crypto";
import type { DbClient, Tx } from "../db";
import { AppError } from "../errors";
import { newId, randomBase62 } from "../ids";
import { recordAudit } from "../audit/record-audit";

export interface ApiKeyAuth {
  keyId: string;
  merchantId: string;
  livemode: boolean;
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Create an API key for a merchant. Returns the key itself, which is stored only as a SHA-256 hash:
 * this is the one moment it can be shown. With an `actor` (a user creating it in the dashboard), the
 * creation is recorded in the audit log in the same transaction, so both commit or neither.
 */
export async function createApiKey(
  tx: Tx,
  opts: { merchantId: string; livemode: boolean; name?: string; actor?: string },
): Promise<{ id: string; key: string; prefix: string; livemode: boolean }> {
  const key = `sk_${opts.livemode ? "live" : "test"}_${randomBase62(32)}`;
  const prefix = key.slice(0, 12);
  const id = newId("key");
  await tx.apiKey.create({
    data: { id, merchantId: opts.merchantId, livemode: opts.livemode, name: opts.name ?? null, prefix, hash: hashKey(key) },
  });
  if (opts.actor) {
    await recordAudit(tx, {
      merchantId: opts.merchantId, livemode: opts.livemode, actor: opts.actor, action: "api_key.created",
      targetType: "api_key", targetId: id, data: { prefix, name: opts.name ?? null },
    });
  }
  return { id, key, prefix, livemode: opts.livemode };
}

/**
 * The merchant and mode of a `Bearer sk_...` authorization header, or a 401 AppError. The error never
 * repeats the presented key.
 */
export async function authenticateApiKey(tx: DbClient, authorization: string | null): Promise<ApiKeyAuth> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match?.[1]) {
    throw new AppError("unauthenticated", "Missing API key. Send it as `Authorization: Bearer sk_test_...`.");
  }
  const key = match[1];
  if (!/^sk_(test|live)_[0-9A-Za-z]{16,64}$/.test(key)) throw new AppError("unauthenticated", "Invalid API key.");
  const row = await tx.apiKey.findUnique({
    where: { hash: hashKey(key) },
    select: { id: true, merchantId: true, livemode: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) throw new AppError("unauthenticated", "Invalid API key.");
  // Throttle the last-used write to once a minute per key: it is informational, not on the money path.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await tx.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { keyId: row.id, merchantId: row.merchantId, livemode: row.livemode };
}
