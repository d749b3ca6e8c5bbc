import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";

/** A delivery this worker holds until `claimToken`, with what sending it takes. */
export interface ClaimedDelivery {
  id: string;
  /** Attempts made before this one. */
  attemptCount: number;
  /** The claim's expiry as written: recording the outcome only counts while it still matches. */
  claimToken: Date;
  endpoint: {
    id: string;
    url: string;
    livemode: boolean;
    secretEncrypted: string;
    previousSecretEncrypted: string | null;
    previousSecretExpiresAt: Date | null;
  };
  event: {
    id: string;
    type: string;
    createdAt: Date;
    livemode: boolean;
    sequence: number | null;
    data: Prisma.JsonValue;
  };
}

interface Row {
  id: string;
  attempt_count: number;
  locked_until: Date;
  endpoint_id: string;
  url: string;
  endpoint_livemode: boolean;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Date | null;
  event_id: string;
  type: string;
  event_created_at: Date;
  livemode: boolean;
  sequence: number | null;
  data: Prisma.JsonValue;
}

/**
 * Claim up to `limit` due deliveries of enabled, undeleted endpoints and load what sending them needs, in
 * one statement (fewer when some due ones belong to a disabled endpoint: those are paused instead).
 *
 * Fair per merchant: each merchant's due deliveries are numbered oldest first, and the claim takes every
 * merchant's first, then every merchant's second, and so on (round-robin), oldest first within a round.
 * One merchant's backlog (a dead receiver retrying thousands of deliveries, a burst of events) therefore
 * delays only its own deliveries: another merchant's due delivery is claimed in the next tick.
 *
 * Rows are locked with `FOR UPDATE SKIP LOCKED` and marked with a claim that runs out after `claimMs`
 * (database clock), so concurrent workers never claim the same delivery, and a worker that dies mid-send
 * leaves a claim that lapses: the delivery is sent again.
 */
export async function claimDueDeliveries(
  db: Db,
  opts: { now: Date; limit: number; claimMs: number },
): Promise<ClaimedDelivery[]> {
  // Per endpoint, at most `limit` due rows from the (endpoint_id, status, next_attempt_at) index: the
  // work is bounded by endpoints × limit, not by the size of anyone's backlog. Every endpoint is looked
  // at, disabled and deleted ones too: a delivery committed while its endpoint was being disabled is
  // paused in the same statement (below) rather than left due.
  const rows = await db.$queryRaw<Row[]>`
    WITH due AS (
      SELECT d.id, d.next_attempt_at,
             row_number() OVER (PARTITION BY e.merchant_id ORDER BY d.next_attempt_at, d.id) AS turn
        FROM webhook_endpoints e
        CROSS JOIN LATERAL (
          SELECT d.id, d.next_attempt_at FROM webhook_deliveries d
           WHERE d.endpoint_id = e.id AND d.status = 'pending' AND d.next_attempt_at <= ${opts.now}
             AND (d.locked_until IS NULL OR d.locked_until < (now() AT TIME ZONE 'UTC'))
           ORDER BY d.next_attempt_at
           LIMIT ${opts.limit}
        ) d
    ), picked AS (
      SELECT id FROM due ORDER BY turn, next_attempt_at, id LIMIT ${opts.limit}
    ), candidates AS (
      -- Locked here, after the ranking (a window cannot be locked): rows another worker took meanwhile are skipped.
      SELECT d.id, d.endpoint_id FROM webhook_deliveries d
       WHERE d.id IN (SELECT id FROM picked) AND d.status = 'pending' AND d.next_attempt_at <= ${opts.now}
         AND (d.locked_until IS NULL OR d.locked_until < (now() AT TIME ZONE 'UTC'))
       FOR UPDATE OF d SKIP LOCKED
    ), live AS (
      SELECT c.id FROM candidates c JOIN webhook_endpoints e ON e.id = c.endpoint_id
       WHERE e.enabled AND e.deleted_at IS NULL
    ), paused AS (
      UPDATE webhook_deliveries d SET next_attempt_at = NULL, updated_at = (now() AT TIME ZONE 'UTC')
        FROM candidates c WHERE d.id = c.id AND c.id NOT IN (SELECT id FROM live)
      RETURNING d.id
    ), claimed AS (
      UPDATE webhook_deliveries d
         SET locked_until = (now() AT TIME ZONE 'UTC') + ${opts.claimMs}::int * interval '1 millisecond',
             updated_at = (now() AT TIME ZONE 'UTC')
        FROM live WHERE d.id = live.id
      RETURNING d.id, d.attempt_count, d.locked_until, d.endpoint_id, d.event_id
    )
    SELECT c.id, c.attempt_count, c.locked_until, c.endpoint_id,
           e.url, e.livemode AS endpoint_livemode, e.secret_encrypted, e.previous_secret_encrypted, e.previous_secret_expires_at,
           ev.id AS event_id, ev.type, ev.created_at AS event_created_at, ev.livemode, ev.sequence, ev.data
      FROM claimed c
      JOIN webhook_endpoints e ON e.id = c.endpoint_id
      JOIN events ev ON ev.id = c.event_id`;
  return rows.map((r) => ({
    id: r.id,
    attemptCount: r.attempt_count,
    claimToken: r.locked_until,
    endpoint: {
      id: r.endpoint_id,
      url: r.url,
      livemode: r.endpoint_livemode,
      secretEncrypted: r.secret_encrypted,
      previousSecretEncrypted: r.previous_secret_encrypted,
      previousSecretExpiresAt: r.previous_secret_expires_at,
    },
    event: {
      id: r.event_id,
      type: r.type,
      createdAt: r.event_created_at,
      livemode: r.livemode,
      sequence: r.sequence,
      data: r.data,
    },
  }));
}
