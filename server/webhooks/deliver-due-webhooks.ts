import type { Db } from "../db";
import { newId } from "../ids";
import { openSecret } from "../crypto/secret-box";
import { eventBody } from "./event-body";
import { nextAttemptAt } from "./retry-schedule";
import { signWebhook } from "./sign";

const TIMEOUT_MS = 15_000;
const CLAIM_MS = 60_000;

interface Claimed {
  id: string;
  attempt_count: number;
}

/**
 * Send due webhook deliveries. Deliveries are claimed with `FOR UPDATE SKIP LOCKED` and a short
 * claim, so several workers never send one attempt twice, and a worker that dies mid-send leaves
 * a claim that runs out: the delivery is sent again (at least once; receivers dedupe on webhook-id).
 * Returns how many attempts were made.
 */
export async function deliverDueWebhooks(db: Db, opts: { now?: () => Date; limit?: number } = {}): Promise<number> {
  const now = opts.now ?? (() => new Date());
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE webhook_deliveries SET locked_until = now() + ${CLAIM_MS}::int * interval '1 millisecond', updated_at = now()
     WHERE id IN (
       SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= ${now()} AND e.enabled
          AND (d.locked_until IS NULL OR d.locked_until < now())
        ORDER BY d.next_attempt_at
        LIMIT ${opts.limit ?? 50}
        FOR UPDATE OF d SKIP LOCKED)
    RETURNING id, attempt_count`;
  await Promise.all(claimed.map((c) => attemptDelivery(db, c, now)));
  return claimed.length;
}

async function attemptDelivery(db: Db, claimed: Claimed, now: () => Date): Promise<void> {
  const delivery = await db.webhookDelivery.findUniqueOrThrow({
    where: { id: claimed.id },
    select: { event: true, endpoint: { select: { url: true, secretEncrypted: true } } },
  });
  const body = JSON.stringify(eventBody(delivery.event));
  const timestamp = Math.floor(now().getTime() / 1000);
  const signature = signWebhook(openSecret(delivery.endpoint.secretEncrypted), { id: delivery.event.id, timestamp, body });

  const started = performance.now();
  let statusCode: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.endpoint.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "Payrail-Webhooks/1",
        "webhook-id": delivery.event.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signature,
      },
      body,
    });
    statusCode = response.status;
    responseBody = (await response.text().catch(() => "")).slice(0, 1024);
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 500) : "request failed";
  }
  const latencyMs = Math.round(performance.now() - started);
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
  const attempts = claimed.attempt_count + 1;
  const at = now();
  const retryAt = ok ? null : nextAttemptAt(attempts, at);

  await db.$transaction([
    db.webhookAttempt.create({ data: { id: newId("wa"), deliveryId: claimed.id, attemptedAt: at, statusCode, latencyMs, responseBody, error } }),
    db.webhookDelivery.update({
      where: { id: claimed.id },
      data: {
        attemptCount: attempts,
        lockedUntil: null,
        status: ok ? "succeeded" : retryAt ? "pending" : "failed",
        succeededAt: ok ? at : undefined,
        nextAttemptAt: retryAt,
      },
    }),
  ]);
}
