import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { openSecret } from "../crypto/secret-box";
import { claimDueDeliveries, type ClaimedDelivery } from "./claim-due-deliveries";
import { eventBody } from "./event-body";
import { recordAttempts, type AttemptRecord } from "./record-attempts";
import { isPrivateAddress } from "./address-policy";
import { resolveWebhookTarget, systemLookup, type HostLookup, type TargetAddress } from "./resolve-webhook-target";
import { sendWebhook, type AttemptOutcome } from "./send-webhook";
import { signatureHeader } from "./sign";

// A claim outlives the slowest possible attempt (the receiver's timeout) by a wide margin for
// recording it; only a worker that died holds a delivery that long.
const CLAIM_MARGIN_MS = 60_000;

/** Per-call caches: a secret is decrypted, an event serialized and a host resolved once per call. */
class CallCache {
  private secrets = new Map<string, string>();
  private bodies = new Map<string, string>();
  private hosts = new Map<string, Promise<TargetAddress[]>>();
  constructor(private readonly lookup: HostLookup) {}

  secret(sealed: string): string {
    let s = this.secrets.get(sealed);
    if (s === undefined) this.secrets.set(sealed, (s = openSecret(sealed)));
    return s;
  }

  body(event: ClaimedDelivery["event"]): string {
    let b = this.bodies.get(event.id);
    if (b === undefined) this.bodies.set(event.id, (b = JSON.stringify(eventBody(event))));
    return b;
  }

  /** The resolution is shared; the policy check (which depends on the mode) runs for every delivery. */
  hostLookup: HostLookup = (hostname) => {
    let p = this.hosts.get(hostname);
    if (!p) this.hosts.set(hostname, (p = this.lookup(hostname)));
    return p;
  };
}

async function attempt(c: ClaimedDelivery, at: Date, cache: CallCache, timeoutMs: number): Promise<AttemptOutcome> {
  const url = new URL(c.endpoint.url);
  let addresses: TargetAddress[];
  try {
    // Checked at every delivery, and the request connects to exactly these addresses: a host that
    // re-resolves to a private address after creation (DNS rebinding) is refused here.
    addresses = await resolveWebhookTarget(url, { livemode: c.endpoint.livemode, lookup: cache.hostLookup });
  } catch (error) {
    const message = error instanceof AppError ? error.message : "The endpoint's address could not be checked.";
    return {
      ok: false,
      statusCode: null,
      latencyMs: 0,
      responseBody: null,
      error: `Refused before sending: ${message}`,
    };
  }
  const secrets = [cache.secret(c.endpoint.secretEncrypted)];
  if (
    c.endpoint.previousSecretEncrypted &&
    c.endpoint.previousSecretExpiresAt &&
    c.endpoint.previousSecretExpiresAt > at
  ) {
    secrets.push(cache.secret(c.endpoint.previousSecretEncrypted));
  }
  const body = cache.body(c.event);
  const timestamp = Math.floor(at.getTime() / 1000);
  const outcome = await sendWebhook({
    url,
    addresses,
    body,
    timeoutMs,
    headers: {
      "content-type": "application/json",
      "user-agent": "Payrail-Webhooks/1",
      "webhook-id": c.event.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signatureHeader(secrets, { id: c.event.id, timestamp, body }),
    },
  });
  // A private target (allowed only by the operator's development flag) answers from inside the operator's
  // network: its body is never stored, so the deliveries API cannot be used to read internal services.
  return addresses.some((a) => isPrivateAddress(a.address)) ? { ...outcome, responseBody: null } : outcome;
}

/** Records finished attempts in batches: while one batch commits, the next accumulates (group commit). */
class Recorder {
  private pending: AttemptRecord[] = [];
  private running: Promise<void> | null = null;
  private failure: unknown;
  constructor(private readonly db: Db) {}

  add(record: AttemptRecord): void {
    this.pending.push(record);
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 500);
      try {
        await recordAttempts(this.db, batch);
      } catch (error) {
        // The claims of this batch lapse and the deliveries go out again: at least once, never lost.
        this.failure ??= error;
        logger().error({ err: error, deliveries: batch.length }, "recording webhook attempts failed");
      }
    }
    this.running = null;
  }

  async close(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw this.failure;
  }
}

/**
 * Send due webhook deliveries until none is due or `budgetMs` has passed, keeping up to
 * `concurrency` requests in flight over kept-alive connections. Deliveries are claimed `limit` at a
 * time (`claimDueDeliveries`: `FOR UPDATE SKIP LOCKED` plus a lapsing claim), so several workers never
 * send one attempt twice, and a worker that dies between sending and recording leaves a claim that
 * runs out: the delivery is sent again (at least once; receivers dedupe on `webhook-id`). Every
 * attempt is recorded. `now` is the clock for due times, signatures and the log. Returns how many
 * attempts were made.
 */
export async function deliverDueWebhooks(
  db: Db,
  opts: { now?: () => Date; limit?: number; concurrency?: number; budgetMs?: number; lookup?: HostLookup } = {},
): Promise<number> {
  const now = opts.now ?? (() => new Date());
  const concurrency = opts.concurrency ?? 100;
  const batch = Math.min(opts.limit ?? Math.ceil(concurrency / 4), concurrency);
  const timeoutMs = env().WEBHOOK_TIMEOUT_MS;
  const stopClaimingAt = performance.now() + (opts.budgetMs ?? 5_000);
  const cache = new CallCache(opts.lookup ?? systemLookup);
  const recorder = new Recorder(db);
  const inFlight = new Set<Promise<void>>();
  // Resolved when an attempt finishes (one waiter at a time; no reactions pile up on long attempts).
  let slotFreed: () => void = () => {};
  let attempts = 0;
  let drained = false;

  const start = (c: ClaimedDelivery): void => {
    const at = now();
    const task = attempt(c, at, cache, timeoutMs)
      .catch((error: unknown): AttemptOutcome => {
        logger().error({ err: error, delivery: c.id }, "webhook attempt failed unexpectedly");
        return {
          ok: false,
          statusCode: null,
          latencyMs: 0,
          responseBody: null,
          error: "Internal error before sending.",
        };
      })
      .then((outcome) => {
        recorder.add({
          deliveryId: c.id,
          endpointId: c.endpoint.id,
          claimToken: c.claimToken,
          attemptNumber: c.attemptCount + 1,
          attemptedAt: at,
          outcome,
        });
      })
      .finally(() => {
        inFlight.delete(task);
        slotFreed();
      });
    inFlight.add(task);
    attempts++;
  };

  try {
    for (;;) {
      const free = concurrency - inFlight.size;
      // Claim in batches, not one by one as slots free up: fewer round trips, same in-flight bound.
      if (!drained && free >= batch && performance.now() < stopClaimingAt) {
        const claimed = await claimDueDeliveries(db, {
          now: now(),
          limit: batch,
          claimMs: timeoutMs + CLAIM_MARGIN_MS,
        });
        if (claimed.length < batch) drained = true;
        claimed.forEach(start);
        continue;
      }
      if (inFlight.size === 0) break;
      await new Promise<void>((resolve) => (slotFreed = resolve));
    }
  } finally {
    await Promise.allSettled(inFlight);
    await recorder.close();
  }
  return attempts;
}
