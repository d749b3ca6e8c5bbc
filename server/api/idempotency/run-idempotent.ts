import type { Db } from "../../db";
import { claimIdempotencyKey } from "./claim-idempotency-key";
import { finishIdempotentRequest } from "./finish-idempotent-request";
import { requestBodyHash } from "./request-hash";

/**
 * Run a dashboard operation once per key (the API's POSTs use withIdempotency instead): the first call runs `run`
 * and stores its JSON result; a later call with the same key and the same `params` gets that result back
 * (`replayed: true`) without running; other params under the key are a 422 `idempotency_key_reused`, a call while
 * the first still runs a 409 `idempotency_key_in_use`. An error frees the key: `run` must create nothing when it
 * throws (one transaction). `operation` keeps dashboard keys apart from the API's (method `DASHBOARD`).
 */
export async function runIdempotent<T>(
  db: Db,
  opts: {
    merchantId: string;
    livemode: boolean;
    key: string;
    operation: string;
    params: unknown;
    run: () => Promise<T>;
    now?: Date;
  },
): Promise<{ result: T; replayed: boolean }> {
  const claim = await claimIdempotencyKey(db, {
    request: {
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      key: opts.key,
      method: "DASHBOARD",
      path: opts.operation,
      hash: requestBodyHash(JSON.stringify(opts.params)),
    },
    now: opts.now ?? new Date(),
  });
  if (claim.kind === "replay") return { result: JSON.parse(claim.body) as T, replayed: true };
  let result: T;
  try {
    result = await opts.run();
  } catch (error) {
    await finishIdempotentRequest(db, { id: claim.id, lockedUntil: claim.lockedUntil, response: null }).catch(
      () => false,
    );
    throw error;
  }
  await finishIdempotentRequest(db, {
    id: claim.id,
    lockedUntil: claim.lockedUntil,
    response: { status: 200, body: JSON.stringify(result) },
  });
  return { result, replayed: false };
}
