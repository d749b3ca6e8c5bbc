import type { ApiKeyAuth } from "../../auth/api-keys";
import type { DbClient } from "../../db";
import { AppError } from "../../errors";
import { logger } from "../../logger";
import { claimIdempotencyKey, IDEMPOTENCY_LOCK_SECONDS, type IdempotencyClaim } from "./claim-idempotency-key";
import { finishIdempotentRequest } from "./finish-idempotent-request";
import { renewIdempotencyLock } from "./renew-idempotency-lock";
import { requestBodyHash } from "./request-hash";

/** Longest accepted `Idempotency-Key` (docs/api.md). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/**
 * How long a request in flight keeps its key locked at most: its lock is renewed while it runs (a fiat quote
 * from a slow RPC node may take longer than the lock), but a request hung for longer than this frees its key.
 */
export const IDEMPOTENCY_MAX_HOLD_MS = 10 * 60 * 1000;

/** Error codes whose answer may change on a retry of the same request, so they are not replayed. */
const TRANSIENT_CODES = new Set(["rate_unavailable"]);

/**
 * Whether a response is stored and replayed for its key. Like Stripe, the first outcome is the
 * answer, 4xx errors included, except what a retry could change: 5xx (our failure), 409 (a
 * conflict with something in flight), 429 (rate limit), and transient errors such as `rate_unavailable`.
 */
export function isReplayable(status: number, body: string): boolean {
  if (status >= 500 || status === 409 || status === 429) return false;
  if (status < 400) return true;
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code !== "string" || !TRANSIENT_CODES.has(code);
  } catch {
    return true;
  }
}

function replay(claim: Extract<IdempotencyClaim, { kind: "replay" }>): Response {
  return new Response(claim.body, {
    status: claim.status,
    headers: { "content-type": "application/json", "cache-control": "no-store", "idempotent-replayed": "true" },
  });
}

/**
 * Run a POST under its `Idempotency-Key` header (docs/api.md), if it has one: the first request runs and
 * its response is stored; a retry with the same method, path and body gets that response again with
 * `Idempotent-Replayed: true`; another body is a 422, a retry while the first is in flight a 409.
 * A response that is not replayable (see isReplayable) releases the key for a retry.
 */
export async function withIdempotency(
  db: DbClient,
  opts: {
    request: Request;
    auth: ApiKeyAuth;
    run: () => Promise<Response>;
    now?: () => Date;
    /** How often the lock is renewed while `run` is in flight (default a third of the lock time). */
    renewEveryMs?: number;
  },
): Promise<Response> {
  const { request, auth } = opts;
  const key = request.headers.get("idempotency-key");
  if (key === null) return opts.run();
  if (key.trim().length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new AppError("invalid_request", `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`);
  }
  const url = new URL(request.url);
  const hash = requestBodyHash(await request.clone().text());
  const now = opts.now ?? (() => new Date());
  const claim = await claimIdempotencyKey(db, {
    request: {
      merchantId: auth.merchantId,
      livemode: auth.livemode,
      key,
      method: request.method,
      path: `${url.pathname}${url.search}`,
      hash,
    },
    now: now(),
  });
  if (claim.kind === "replay") return replay(claim);

  // While the request runs its lock is renewed, so that a retry cannot take the key over from a request that
  // is merely slow (and run it a second time: a second invoice); one that crashed stops renewing and frees it.
  let lockedUntil: Date | null = claim.lockedUntil;
  let renewing: Promise<unknown> = Promise.resolve();
  const startedAt = Date.now();
  const renewal = setInterval(
    () => {
      if (Date.now() - startedAt > IDEMPOTENCY_MAX_HOLD_MS) return clearInterval(renewal);
      renewing = renewing.then(async () => {
        if (lockedUntil === null) return;
        lockedUntil = await renewIdempotencyLock(db, { id: claim.id, lockedUntil, now: now() }).catch(
          (error: unknown) => {
            logger().warn({ err: error, idempotencyKeyId: claim.id }, "idempotency lock not renewed");
            return lockedUntil;
          },
        );
      });
    },
    opts.renewEveryMs ?? (IDEMPOTENCY_LOCK_SECONDS * 1000) / 3,
  );
  const stopRenewing = async () => {
    clearInterval(renewal);
    await renewing;
  };
  const finish = async (result: { status: number; body: string } | null) => {
    await stopRenewing();
    return lockedUntil !== null && finishIdempotentRequest(db, { id: claim.id, lockedUntil, response: result });
  };
  let response: Response;
  try {
    response = await opts.run();
  } catch (error) {
    await finish(null).catch(() => false);
    throw error;
  }
  try {
    const body = await response.clone().text();
    await finish(isReplayable(response.status, body) ? { status: response.status, body } : null);
  } catch (error) {
    clearInterval(renewal);
    // The request's work is done: answer it. Its key stays locked until the lock runs out, then a retry runs again.
    logger().error({ err: error, idempotencyKeyId: claim.id }, "idempotent response not recorded");
  }
  return response;
}
