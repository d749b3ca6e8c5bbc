import { inTransaction, type Db } from "../db";
import { newId } from "../ids";
import { logger } from "../logger";
import { disableWebhookEndpoint } from "./disable-webhook-endpoint";
import { nextAttemptAt } from "./retry-schedule";
import type { AttemptOutcome } from "./send-webhook";

/** An endpoint whose every attempt failed for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 60 * 60 * 1000;

/** One finished HTTP attempt of a claimed delivery. */
export interface AttemptRecord {
  deliveryId: string;
  endpointId: string;
  /** The claim the attempt was made under (see claimDueDeliveries). */
  claimToken: Date;
  /** Attempts made, this one included. */
  attemptNumber: number;
  attemptedAt: Date;
  outcome: AttemptOutcome;
}

function summary(outcome: AttemptOutcome): string {
  return outcome.statusCode !== null ? `HTTP ${outcome.statusCode}` : (outcome.error ?? "no response");
}

/**
 * Record a batch of attempts: every attempt gets its log row; each delivery moves to succeeded, to its
 * next retry (schedule with jitter), or to failed after the last one, but only while this worker's
 * claim still holds (a lapsed claim belongs to whoever took the delivery over). Then the endpoints'
 * failure streaks: a success ends one, a failure starts one, and an endpoint failing for 5 days is
 * disabled with the reason and a `webhook_endpoint.disabled` event. Returns the disabled endpoint ids.
 */
export async function recordAttempts(
  db: Db,
  records: readonly AttemptRecord[],
  opts: { random?: () => number } = {},
): Promise<string[]> {
  if (records.length === 0) return [];
  const updates = records.map((r) => {
    const retryAt = r.outcome.ok ? null : nextAttemptAt(r.attemptNumber, r.attemptedAt, opts.random);
    return {
      id: r.deliveryId,
      token: r.claimToken.toISOString(),
      status: r.outcome.ok ? "succeeded" : retryAt ? "pending" : "failed",
      attempts: r.attemptNumber,
      next_at: retryAt?.toISOString() ?? null,
      succeeded_at: r.outcome.ok ? r.attemptedAt.toISOString() : null,
    };
  });
  // Timestamps travel as ISO strings into `timestamp` columns, which keep the UTC wall time.
  const [, fenced] = await db.$transaction([
    db.webhookAttempt.createMany({
      data: records.map((r) => ({
        id: newId("wa"),
        deliveryId: r.deliveryId,
        attemptedAt: r.attemptedAt,
        statusCode: r.outcome.statusCode,
        latencyMs: r.outcome.latencyMs,
        responseBody: r.outcome.responseBody,
        error: r.outcome.error,
      })),
    }),
    // A retry for an endpoint disabled meanwhile is paused (no next attempt) like its other deliveries.
    db.$executeRaw`
      UPDATE webhook_deliveries d
         SET status = v.status::"DeliveryStatus", attempt_count = v.attempts,
             next_attempt_at = CASE WHEN e.enabled AND e.deleted_at IS NULL THEN v.next_at END,
             succeeded_at = COALESCE(v.succeeded_at, d.succeeded_at), locked_until = NULL,
             updated_at = (now() AT TIME ZONE 'UTC')
        FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
             AS v(id text, token timestamp(3), status text, attempts int, next_at timestamp(3), succeeded_at timestamp(3)),
             webhook_endpoints e
       WHERE d.id = v.id AND d.locked_until = v.token AND e.id = d.endpoint_id`,
  ]);
  if (fenced < records.length) {
    logger().warn({ lost: records.length - fenced }, "webhook claims lapsed before their attempts were recorded");
  }
  return updateFailureStreaks(db, records);
}

async function updateFailureStreaks(db: Db, records: readonly AttemptRecord[]): Promise<string[]> {
  const byEndpoint = new Map<string, { ok: boolean; firstFailure: Date; last: AttemptRecord }>();
  for (const r of records) {
    const entry = byEndpoint.get(r.endpointId);
    if (!entry) {
      byEndpoint.set(r.endpointId, { ok: r.outcome.ok, firstFailure: r.attemptedAt, last: r });
      continue;
    }
    entry.ok ||= r.outcome.ok;
    if (r.attemptedAt < entry.firstFailure) entry.firstFailure = r.attemptedAt;
    if (r.attemptedAt >= entry.last.attemptedAt) entry.last = r;
  }
  const healthy = [...byEndpoint]
    .filter(([, e]) => e.ok)
    .map(([id]) => id)
    .sort();
  const failing = [...byEndpoint]
    .filter(([, e]) => !e.ok)
    .map(([id, e]) => ({ id, since: e.firstFailure.toISOString() }));
  failing.sort((a, b) => (a.id < b.id ? -1 : 1));

  // Rows are locked in id order (FOR UPDATE in a sorted subquery) so two workers never deadlock, and
  // only rows whose streak changes are written: a steady stream of successes writes nothing.
  if (healthy.length > 0) {
    await db.$executeRaw`
      UPDATE webhook_endpoints SET failing_since = NULL, updated_at = (now() AT TIME ZONE 'UTC')
       WHERE id IN (SELECT id FROM webhook_endpoints
                     WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(healthy)}::jsonb)) AND failing_since IS NOT NULL
                     ORDER BY id FOR UPDATE)`;
  }
  if (failing.length === 0) return [];
  await db.$executeRaw`
    UPDATE webhook_endpoints e SET failing_since = v.since, updated_at = (now() AT TIME ZONE 'UTC')
      FROM jsonb_to_recordset(${JSON.stringify(failing)}::jsonb) AS v(id text, since timestamp(3))
     WHERE e.id = v.id
       AND e.id IN (SELECT id FROM webhook_endpoints
                     WHERE id IN (SELECT x->>'id' FROM jsonb_array_elements(${JSON.stringify(failing)}::jsonb) x) AND failing_since IS NULL
                     ORDER BY id FOR UPDATE)`;

  const latest = Math.max(...failing.map(({ id }) => byEndpoint.get(id)!.last.attemptedAt.getTime()));
  const candidates = await db.webhookEndpoint.findMany({
    where: {
      id: { in: failing.map((f) => f.id) },
      enabled: true,
      deletedAt: null,
      failingSince: { lte: new Date(latest - DISABLE_AFTER_FAILING_MS) },
    },
    select: { id: true, failingSince: true },
    orderBy: { id: "asc" },
  });
  const disabled: string[] = [];
  for (const { id, failingSince } of candidates) {
    const last = byEndpoint.get(id)!.last;
    if (!failingSince || last.attemptedAt.getTime() - failingSince.getTime() < DISABLE_AFTER_FAILING_MS) continue;
    const reason =
      `Disabled automatically: every delivery attempt failed for 5 days, since ${failingSince.toISOString()}. ` +
      `Last attempt: ${summary(last.outcome)}. Fix the endpoint, then enable it again; its pending deliveries will resume.`;
    const done = await inTransaction(db, (tx) =>
      disableWebhookEndpoint(tx, { id, reason, at: last.attemptedAt, notify: true }),
    );
    if (done) disabled.push(id);
  }
  return disabled;
}
