import type { DbClient } from "../db";
import { logger } from "../logger";

/** The watched deposit addresses as one scan sees them. */
export interface WatchedAddresses {
  readonly size: number;
  /** The invoice whose address this is (lowercase hex), if it is still watched. */
  invoiceFor(address: string): string | undefined;
  /** Whose address this is (lowercase hex): an invoice's while watched, or a customer's (always watched). */
  ownerOf(address: string): WatchedOwner | undefined;
}

/** The owner of a watched address: an invoice (`inv_...`) or a customer's permanent address (`cus_...`). */
export type WatchedOwner =
  { invoiceId: string; customerId?: undefined } | { customerId: string; invoiceId?: undefined };

/** What a refresh read: every watched address, or only those created since the previous load. */
export interface WatchedRefresh {
  kind: "full" | "incremental";
  rows: number;
}

interface Entry {
  /** `inv_...` or, for a customer's permanent address, `cus_...`. */
  ownerId: string;
  customer: boolean;
  watchUntil: number;
  /** Wall-clock start of the load that read it. */
  loadedAt: number;
}

/**
 * The deposit addresses of one mode that are still watched, kept in process memory and refreshed
 * incrementally: a refresh reads only the addresses created since the previous load started, minus
 * an overlap window, because `created_at` is stamped when a transaction starts and a transaction
 * that started before a load can commit after it (the overlap must exceed the longest
 * invoice-creating transaction plus clock skew between app and database). Every `fullReloadMs` a
 * full reload runs in the background (scans go on with the current set) as the backstop for
 * anything slower than the overlap and for changed or deleted rows. Addresses past `watchUntil`
 * stop matching at once and leave memory at the next sweep or reload.
 */
export class WatchedAddressCache {
  private entries = new Map<string, Entry>();
  /** Wall-clock start of the last load whose rows are all in `entries`; null before the first. */
  private loadedSince: number | null = null;
  private lastFullLoadAt = -Infinity;
  private lastSweepAt = 0;
  private inflight: Promise<WatchedRefresh> | null = null;
  /** The load that starts when the inflight one ends, shared by everyone who asked meanwhile. */
  private queued: Promise<WatchedRefresh> | null = null;
  /** The background full reload in progress, if any (tests await it). */
  reloading: Promise<void> | null = null;
  /** The last refresh, for tests and the benchmark. */
  lastRefresh: WatchedRefresh | null = null;

  constructor(
    private readonly opts: { livemode: boolean; overlapMs?: number; fullReloadMs?: number; sweepMs?: number },
  ) {}

  /**
   * Bring the set up to date with a load that starts after this call: a scan refreshes after fetching
   * its blocks, so a load already running may predate an address paid in them. Concurrent callers
   * (the worker scans several networks of a mode at once) share the next load: at most one runs and
   * one waits.
   */
  refresh(db: DbClient): Promise<WatchedRefresh> {
    if (this.queued) return this.queued;
    if (this.inflight) {
      this.queued = this.inflight
        .then(
          () => {},
          () => {},
        )
        .then(() => {
          this.queued = null;
          return this.begin(db);
        });
      return this.queued;
    }
    return this.begin(db);
  }

  private begin(db: DbClient): Promise<WatchedRefresh> {
    const load = this.load(db).finally(() => {
      if (this.inflight === load) this.inflight = null;
    });
    this.inflight = load;
    return load;
  }

  /** Forget what is loaded: the next refresh reads every watched address before it returns. */
  invalidate(): void {
    this.loadedSince = null;
  }

  /** Matching against the set as of `now`: addresses whose window has ended no longer match. */
  view(now: Date): WatchedAddresses {
    const at = now.getTime();
    const entries = this.entries;
    return {
      size: entries.size,
      invoiceFor(address: string) {
        const e = entries.get(address);
        return e && !e.customer && e.watchUntil > at ? e.ownerId : undefined;
      },
      ownerOf(address: string) {
        const e = entries.get(address);
        if (!e || e.watchUntil <= at) return undefined;
        return e.customer ? { customerId: e.ownerId } : { invoiceId: e.ownerId };
      },
    };
  }

  private async load(db: DbClient): Promise<WatchedRefresh> {
    const wall = Date.now();
    if (this.loadedSince === null) {
      const entries = await this.read(db, wall, null);
      this.entries = entries;
      this.loadedSince = wall;
      this.lastFullLoadAt = wall;
      this.lastRefresh = { kind: "full", rows: entries.size };
      return this.lastRefresh;
    }
    if (!this.reloading && wall - this.lastFullLoadAt >= (this.opts.fullReloadMs ?? 10 * 60_000))
      this.reloadInBackground(db, wall);

    const rows = await this.read(db, wall, this.loadedSince - (this.opts.overlapMs ?? 60_000));
    for (const [address, e] of rows) this.entries.set(address, e);
    this.loadedSince = wall;
    if (wall - this.lastSweepAt >= (this.opts.sweepMs ?? 60_000)) {
      this.lastSweepAt = wall;
      for (const [address, e] of this.entries) if (e.watchUntil <= wall) this.entries.delete(address);
    }
    this.lastRefresh = { kind: "incremental", rows: rows.size };
    return this.lastRefresh;
  }

  private reloadInBackground(db: DbClient, startedAt: number): void {
    this.lastFullLoadAt = startedAt;
    this.reloading = this.read(db, startedAt, null)
      .then((entries) => {
        // The full read may have missed what committed after it began: keep what later loads
        // found, and read that window again at the next refresh.
        for (const [address, e] of this.entries)
          if (e.loadedAt >= startedAt && !entries.has(address)) entries.set(address, e);
        this.entries = entries;
        if (this.loadedSince !== null && startedAt < this.loadedSince) this.loadedSince = startedAt;
      })
      .catch((error: unknown) => {
        this.lastFullLoadAt = -Infinity;
        logger().error({ err: error }, "full reload of watched addresses failed; the incremental set is still in use");
      })
      .finally(() => {
        this.reloading = null;
      });
  }

  /**
   * Watched addresses of the mode (created since `since`, when given), by the real clock, not a scan's `now`: the
   * invoices' deposit addresses still in their window, and every customer's permanent address (watched forever, so
   * one map lookup per transaction and log matches both, however many customers there are).
   */
  private async read(db: DbClient, wall: number, since: number | null): Promise<Map<string, Entry>> {
    const created = since !== null ? { createdAt: { gte: new Date(since) } } : {};
    const rows = await db.depositAddress.findMany({
      where: { livemode: this.opts.livemode, watchUntil: { gt: new Date(wall) }, ...created },
      select: { address: true, invoiceId: true, watchUntil: true },
    });
    const customers = await db.customer.findMany({
      where: { livemode: this.opts.livemode, ...created },
      select: { depositAddress: true, id: true },
    });
    const entries = new Map<string, Entry>(
      rows.map((r) => [
        r.address,
        { ownerId: r.invoiceId, customer: false, watchUntil: r.watchUntil.getTime(), loadedAt: wall },
      ]),
    );
    for (const c of customers)
      entries.set(c.depositAddress, { ownerId: c.id, customer: true, watchUntil: Infinity, loadedAt: wall });
    return entries;
  }
}

const caches = new Map<boolean, WatchedAddressCache>();

/** The process's cache for one mode (test or live). */
export function watchedAddressCache(livemode: boolean): WatchedAddressCache {
  let cache = caches.get(livemode);
  if (!cache) {
    cache = new WatchedAddressCache({ livemode });
    caches.set(livemode, cache);
  }
  return cache;
}
