import "server-only";
import { createHash } from "node:crypto";
import type { DbClient, Tx } from "../db";
import { AppError } from "../errors";
import { newId, randomBase62 } from "../ids";
import { recordAudit } from "../audit/record-audit";
import { apiScopes, permissionsForScopes, type ApiScope } from "./api-scopes";
import { lackingPermissions, type Role } from "./permissions";

export interface ApiKeyAuth {
  keyId: string;
  merchantId: string;
  livemode: boolean;
  /** The key's scopes; null for a secret key, which holds every scope. */
  scopes: readonly ApiScope[] | null;
}

/** How an API key is stored: its SHA-256, in hex. */
export function apiKeyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * The key of a `Bearer sk_...` or `Bearer rk_...` authorization header, or a 401 AppError when it is missing
 * or is not shaped like one of our keys (nothing is looked up for it). The error never repeats the presented key.
 */
export function parseApiKeyHeader(authorization: string | null): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match?.[1]) {
    throw new AppError("unauthenticated", "Missing API key. Send it as `Authorization: Bearer sk_test_...`.");
  }
  const key = match[1];
  if (!/^[sr]k_(test|live)_[0-9A-Za-z]{16,64}$/.test(key)) throw new AppError("unauthenticated", "Invalid API key.");
  return key;
}

/** A key's scopes as ApiKeyAuth has them: null for a secret key (every scope); a restricted key's known ones. */
export function keyScopes(restricted: boolean, stored: readonly string[]): readonly ApiScope[] | null {
  return restricted ? stored.filter((s): s is ApiScope => (apiScopes as readonly string[]).includes(s)) : null;
}

/**
 * Create an API key for a merchant: a secret key (`sk_`, every scope) without `scopes`, a restricted key
 * (`rk_`) with them. Returns the key itself, which is stored only as a SHA-256 hash: this is the one
 * moment it can be shown. With an `actor` (a member creating it in the dashboard) the key records its
 * creator, the member's `role` must hold every dashboard permission the key's scopes need (else a 403
 * `forbidden` naming what is missing: a key never does more than its creator may), and the creation is
 * recorded in the audit log in the same transaction, so both commit or neither.
 */
export async function createApiKey(
  tx: Tx,
  opts: {
    merchantId: string;
    livemode: boolean;
    name?: string;
    actor?: string;
    role?: Role;
    scopes?: readonly ApiScope[];
  },
): Promise<{ id: string; key: string; prefix: string; livemode: boolean; scopes: ApiScope[] | null }> {
  const scopes = opts.scopes
    ? [...new Set(opts.scopes)].sort((a, b) => apiScopes.indexOf(a) - apiScopes.indexOf(b))
    : null;
  if (scopes !== null && scopes.length === 0) {
    throw new AppError("parameter_invalid", "A restricted key needs at least one scope.", { param: "scopes" });
  }
  if (opts.role) {
    const lacking = lackingPermissions(opts.role, permissionsForScopes(scopes));
    if (lacking.length > 0) {
      throw new AppError(
        "forbidden",
        `Your role (${opts.role}) cannot create this key: it would need ${lacking.join(", ")}, which your role does not hold.`,
        { param: "scopes" },
      );
    }
  }
  const key = `${scopes ? "rk" : "sk"}_${opts.livemode ? "live" : "test"}_${randomBase62(32)}`;
  const prefix = key.slice(0, 12);
  const id = newId("key");
  await tx.apiKey.create({
    data: {
      id,
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      name: opts.name ?? null,
      prefix,
      hash: apiKeyHash(key),
      restricted: scopes !== null,
      scopes: scopes ?? [],
      createdById: opts.actor ?? null,
    },
  });
  if (opts.actor) {
    await recordAudit(tx, {
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      actor: opts.actor,
      action: "api_key.created",
      targetType: "api_key",
      targetId: id,
      data: { prefix, name: opts.name ?? null, scopes },
    });
  }
  return { id, key, prefix, livemode: opts.livemode, scopes };
}

/**
 * The merchant, mode and scopes of a `Bearer sk_...` or `Bearer rk_...` authorization header, or a 401
 * AppError. The error never repeats the presented key. API routes use authenticateApiRequest
 * (server/api/api-rate-limit.ts), which also counts the request in the same statement.
 */
export async function authenticateApiKey(tx: DbClient, authorization: string | null): Promise<ApiKeyAuth> {
  const key = parseApiKeyHeader(authorization);
  const row = await tx.apiKey.findUnique({
    where: { hash: apiKeyHash(key) },
    select: {
      id: true,
      merchantId: true,
      livemode: true,
      revokedAt: true,
      lastUsedAt: true,
      restricted: true,
      scopes: true,
    },
  });
  if (!row || row.revokedAt) throw new AppError("unauthenticated", "Invalid API key.");
  // Throttle the last-used write to once a minute per key: it is informational, not on the money path.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await tx.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    keyId: row.id,
    merchantId: row.merchantId,
    livemode: row.livemode,
    scopes: keyScopes(row.restricted, row.scopes),
  };
}
