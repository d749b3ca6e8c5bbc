import type { Db } from "../db";
import { eventBody, eventBodySelect } from "./event-body";
import { signatureHeader } from "./sign";

/** One event forwarded by `forwardEvents`: what `payrail listen` prints a line for. */
export interface ForwardedEvent {
  /** When it was sent (also its `webhook-timestamp`). */
  at: Date;
  eventId: string;
  type: string;
  /** The receiver's HTTP status (redirects are not followed: a 3xx is reported as such); null when none came. */
  statusCode: number | null;
  latencyMs: number;
  /** Why no status came: refused, timed out... */
  error: string | null;
}

// Events are read in (created_at, sequence, id) order, but a transaction that started earlier can commit
// after a later one: every poll looks this far back behind the newest event seen, and skips the ids it has
// already sent, so a late commit is still forwarded (out of order, as real deliveries can be).
const LOOKBACK_MS = 60_000;
const BATCH = 100;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `timed out: no response within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

async function forwardOne(
  event: Parameters<typeof eventBody>[0],
  opts: { url: URL; secret: string; timeoutMs: number; signal: AbortSignal },
): Promise<ForwardedEvent> {
  // The same body and Standard Webhooks headers as a real delivery (deliver-due-webhooks.ts), signed with
  // the listen secret instead of an endpoint's.
  const body = JSON.stringify(eventBody(event));
  const at = new Date();
  const timestamp = Math.floor(at.getTime() / 1000);
  const started = performance.now();
  const result = { at, eventId: event.id, type: event.type };
  try {
    const res = await fetch(opts.url, {
      method: "POST",
      redirect: "manual",
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Payrail-Webhooks/1",
        "webhook-id": event.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signatureHeader([opts.secret], { id: event.id, timestamp, body }),
      },
      signal: AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]),
    });
    const latencyMs = Math.round(performance.now() - started);
    // The status is all that is reported; do not wait for (or hold on to) the body.
    await res.body?.cancel().catch(() => {});
    return { ...result, statusCode: res.status, latencyMs, error: null };
  } catch (error) {
    if (opts.signal.aborted) throw error;
    return {
      ...result,
      statusCode: null,
      latencyMs: Math.round(performance.now() - started),
      error: describeFailure(error, opts.timeoutMs),
    };
  }
}

/**
 * Forward every event of the merchant and mode created from now on to `url`, one at a time in order,
 * signed with `secret` as real deliveries are (Standard Webhooks), until `signal` aborts. A development
 * tool (`payrail listen`): it reads events from PostgreSQL, so it needs neither the app nor the worker;
 * the URL is not checked against the address policy (localhost is the point), redirects are not
 * followed, and a failed attempt is reported, not retried. `onReady` is called once the starting
 * point is fixed: every event committed after it is forwarded. A failing poll is reported through
 * `onError` and retried after a second. Resolves when stopped; aborting cancels a request in flight.
 */
export async function forwardEvents(
  db: Db,
  opts: {
    merchantId: string;
    livemode: boolean;
    url: URL;
    secret: string;
    signal: AbortSignal;
    onForwarded: (event: ForwardedEvent) => void;
    /** Which event types to forward (default all). */
    filter?: (type: string) => boolean;
    onReady?: () => void;
    onError?: (message: string) => void;
    pollMs?: number;
    timeoutMs?: number;
  },
): Promise<void> {
  const { signal } = opts;
  const pollMs = opts.pollMs ?? 250;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  // The database's clock, as event timestamps are.
  const [clock] = await db.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  const startedAt = clock!.now;
  opts.onReady?.();
  const seen = new Map<string, number>(); // event id → created_at (ms), within the look-back window
  let newest = startedAt.getTime();
  while (!signal.aborted) {
    let batch;
    try {
      const since = Math.max(startedAt.getTime(), newest - LOOKBACK_MS);
      for (const [id, createdAt] of seen) if (createdAt < since) seen.delete(id);
      batch = await db.event.findMany({
        where: {
          merchantId: opts.merchantId,
          livemode: opts.livemode,
          createdAt: { gte: new Date(since) },
          ...(seen.size > 0 ? { id: { notIn: [...seen.keys()] } } : {}),
        },
        orderBy: [{ createdAt: "asc" }, { sequence: "asc" }, { id: "asc" }],
        take: BATCH,
        select: eventBodySelect,
      });
    } catch (error) {
      if (signal.aborted) break;
      opts.onError?.(`Reading events failed: ${error instanceof Error ? error.message : String(error)}`);
      await pause(1000, signal);
      continue;
    }
    for (const event of batch) {
      if (signal.aborted) break;
      if (!opts.filter || opts.filter(event.type)) {
        try {
          opts.onForwarded(await forwardOne(event, { url: opts.url, secret: opts.secret, timeoutMs, signal }));
        } catch (error) {
          if (signal.aborted) break;
          throw error;
        }
      }
      seen.set(event.id, event.createdAt.getTime());
      newest = Math.max(newest, event.createdAt.getTime());
    }
    if (batch.length < BATCH) await pause(pollMs, signal);
  }
}
