// API key authentication and the per-key rate limit are one statement (api-rate-limit.ts): these pin what it
// counts, when a window starts again, the Retry-After it gives, and what it writes for a key that is refused.
import { describe, expect, it } from "vitest";
import { createApiKey } from "@/server/auth/api-keys";
import { inTransaction, db } from "@/server/db";
import { AppError } from "@/server/errors";
import { createTestMerchant } from "@/test/fixtures";
import { withEnv } from "@/test/webhook-kit";
import { authenticateApiRequest, RateLimitedError } from "./api-rate-limit";

const T = Date.parse("2026-11-28T12:00:00.000Z");

async function counter(keyId: string): Promise<{ points: number; expire: string } | null> {
  const rows = await db().$queryRaw<{ points: number; expire: string }[]>`
    SELECT points, expire::text AS expire FROM api_rate_limits WHERE key = ${`api_key:${keyId}`}`;
  return rows[0] ?? null;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("authenticateApiRequest", () => {
  it("counts each request in a one-minute window, answers 429 with the seconds left, and starts again at its end", async () => {
    const undo = withEnv({ API_RATE_LIMIT_PER_MINUTE: "3" });
    try {
      const { key, merchantId } = await createTestMerchant();
      const first = await authenticateApiRequest(`Bearer ${key}`, T);
      expect(first).toEqual({ keyId: first.keyId, merchantId, livemode: false, scopes: null });
      expect(await counter(first.keyId)).toEqual({ points: 1, expire: String(T + 60_000) });
      await authenticateApiRequest(`Bearer ${key}`, T + 1_000);
      await authenticateApiRequest(`Bearer ${key}`, T + 2_000);
      expect(await counter(first.keyId)).toEqual({ points: 3, expire: String(T + 60_000) });

      const limited = await refusal(authenticateApiRequest(`Bearer ${key}`, T + 2_500));
      expect(limited).toBeInstanceOf(RateLimitedError);
      expect((limited as RateLimitedError).retryAfterS).toBe(58); // 57.5 s left, rounded up
      expect(limited.code).toBe("rate_limited");
      // A refused request counts too (a client hammering past its budget does not get a fresh one sooner).
      expect(await counter(first.keyId)).toEqual({ points: 4, expire: String(T + 60_000) });
      expect(
        ((await refusal(authenticateApiRequest(`Bearer ${key}`, T + 59_999))) as RateLimitedError).retryAfterS,
      ).toBe(1);

      // The window's end: a new window of 60 s from this request, counting 1.
      expect((await authenticateApiRequest(`Bearer ${key}`, T + 60_000)).keyId).toBe(first.keyId);
      expect(await counter(first.keyId)).toEqual({ points: 1, expire: String(T + 120_000) });
    } finally {
      undo();
    }
  });

  it("refuses a missing, malformed, unknown or revoked key with a 401 that counts nothing and never repeats the key", async () => {
    const { key, merchantId } = await createTestMerchant();
    const unknown = `sk_test_${"A".repeat(32)}`;
    for (const header of [null, "Basic abc", `Bearer ${key.slice(0, 10)}`, `Bearer ${unknown}`]) {
      const error = await refusal(authenticateApiRequest(header, T));
      expect(error.status).toBe(401);
      expect(error.code).toBe("unauthenticated");
      expect(error.message).not.toContain(unknown);
    }
    const { keyId } = await authenticateApiRequest(`Bearer ${key}`, T);
    await db().apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date(T + 1_000) } });
    const revoked = await refusal(authenticateApiRequest(`Bearer ${key}`, T + 2_000));
    expect([revoked.status, revoked.message]).toEqual([401, "Invalid API key."]);
    // Only the one accepted request was counted.
    expect(await counter(keyId)).toEqual({ points: 1, expire: String(T + 60_000) });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: keyId } })).merchantId).toBe(merchantId);
  });

  it("stamps the key's last use at most once a minute, and gives a restricted key its scopes", async () => {
    const { merchantId } = await createTestMerchant();
    const restricted = await inTransaction(db(), (tx) =>
      createApiKey(tx, { merchantId, livemode: false, scopes: ["invoices:read", "payouts:write"] }),
    );
    const lastUsed = async () =>
      (await db().apiKey.findUniqueOrThrow({ where: { id: restricted.id } })).lastUsedAt?.toISOString() ?? null;
    expect(await lastUsed()).toBe(null);
    const auth = await authenticateApiRequest(`Bearer ${restricted.key}`, T);
    expect(auth).toEqual({
      keyId: restricted.id,
      merchantId,
      livemode: false,
      scopes: ["invoices:read", "payouts:write"],
    });
    expect(await lastUsed()).toBe(new Date(T).toISOString());
    await authenticateApiRequest(`Bearer ${restricted.key}`, T + 59_000);
    expect(await lastUsed()).toBe(new Date(T).toISOString());
    await authenticateApiRequest(`Bearer ${restricted.key}`, T + 61_000);
    expect(await lastUsed()).toBe(new Date(T + 61_000).toISOString());
  });
});
