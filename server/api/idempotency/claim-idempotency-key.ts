import { openSecret } from "../../crypto/secret-box";
import type { DbClient } from "../../db";
import { AppError } from "../../errors";
import { newId } from "../../ids";

/** How long a request holds its key; a request that crashed frees it when this runs out. */
export const IDEMPOTENCY_LOCK_SECONDS = 60;

/** What a request is, for comparing a retry with the first request under the same key. */
export interface IdempotentRequest {
  merchantId: string;
  livemode: boolean;
  key: string;
  method: string;
  path: string;
  /** SHA-256 of the canonical body (see request-hash.ts). */
  hash: string;
}

/** The outcome of claiming a key: run the request under the lock, or replay the stored response. */
export type IdempotencyClaim =
  { kind: "claimed"; id: string; lockedUntil: Date } | { kind: "replay"; status: number; body: string };

/**
 * Claim an idempotency key for a request. New key: claimed, locked until `now` + lock time. A key
 * with a stored response: replay it, if the request is the same (method, path, body), else 422
 * `idempotency_key_reused`. A key whose request is still in flight: 409 `idempotency_key_in_use`,
 * unless its lock ran out (the request crashed), in which case this request takes it over.
 */
export async function claimIdempotencyKey(
  db: DbClient,
  opts: { request: IdempotentRequest; now: Date; lockSeconds?: number },
): Promise<IdempotencyClaim> {
  const { request: r, now } = opts;
  const lockedUntil = new Date(now.getTime() + (opts.lockSeconds ?? IDEMPOTENCY_LOCK_SECONDS) * 1000);
  // A row pruned between the insert and the read is claimed again on the next turn.
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = newId("idk");
    const inserted = await db.idempotencyKey.createMany({
      data: [
        {
          id,
          merchantId: r.merchantId,
          livemode: r.livemode,
          key: r.key,
          requestMethod: r.method,
          requestPath: r.path,
          requestHash: r.hash,
          lockedUntil,
          createdAt: now,
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count === 1) return { kind: "claimed", id, lockedUntil };

    const row = await db.idempotencyKey.findUnique({
      where: { merchantId_livemode_key: { merchantId: r.merchantId, livemode: r.livemode, key: r.key } },
    });
    if (!row) continue;
    if (row.requestMethod !== r.method || row.requestPath !== r.path || row.requestHash !== r.hash) {
      throw new AppError(
        "idempotency_key_reused",
        `Keys for idempotent requests can be used only with the same parameters they were first used with. Use a new Idempotency-Key for another request (this key was used with ${row.requestMethod} ${row.requestPath}).`,
      );
    }
    if (row.responseStatus !== null && row.responseBody !== null)
      return { kind: "replay", status: row.responseStatus, body: openSecret(row.responseBody) };
    if (row.lockedUntil && row.lockedUntil.getTime() > now.getTime()) {
      throw new AppError(
        "idempotency_key_in_use",
        "A request with this Idempotency-Key is still in progress. Retry after it finishes to get its response.",
      );
    }
    // The first request's lock ran out without a response: it crashed. Take it over, unless another retry just did.
    const taken = await db.idempotencyKey.updateMany({
      where: { id: row.id, responseStatus: null, lockedUntil: row.lockedUntil },
      data: { lockedUntil },
    });
    if (taken.count === 1) return { kind: "claimed", id: row.id, lockedUntil };
    throw new AppError(
      "idempotency_key_in_use",
      "A request with this Idempotency-Key is still in progress. Retry after it finishes to get its response.",
    );
  }
  throw new AppError(
    "idempotency_key_in_use",
    "A request with this Idempotency-Key is still in progress. Retry after it finishes to get its response.",
  );
}
