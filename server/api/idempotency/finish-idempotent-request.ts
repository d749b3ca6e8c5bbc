import { sealSecret } from "../../crypto/secret-box";
import type { DbClient } from "../../db";

/**
 * Store the response of a claimed key so retries replay it, or release the key so the request can
 * be retried (`response` null). Only while this request still holds the lock it was given: if its
 * lock ran out and another request took the key over, that one's outcome counts. Returns whether it wrote.
 * The body is stored encrypted: a response may hold a secret shown only once (a `whsec_` secret).
 */
export async function finishIdempotentRequest(
  db: DbClient,
  opts: { id: string; lockedUntil: Date; response: { status: number; body: string } | null },
): Promise<boolean> {
  const mine = { id: opts.id, responseStatus: null, lockedUntil: opts.lockedUntil };
  if (opts.response === null) return (await db.idempotencyKey.deleteMany({ where: mine })).count === 1;
  const stored = await db.idempotencyKey.updateMany({
    where: mine,
    data: { responseStatus: opts.response.status, responseBody: sealSecret(opts.response.body), lockedUntil: null },
  });
  return stored.count === 1;
}
