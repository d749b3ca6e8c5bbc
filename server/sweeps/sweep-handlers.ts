import type { Tx } from "../db";

/** What the sweeps tell the domain that requested a sweep (withdrawals, consolidation) about it. */
export interface SweepView {
  /** `swp_...` */
  id: string;
  key: string;
  networkId: string;
  livemode: boolean;
  merchantId: string;
  asset: string;
  purpose: "withdrawal" | "consolidation";
  /** The object it serves (`wd_...`). */
  sourceId: string;
  /** Lowercase hex. */
  to: string;
  status: "queued" | "submitted" | "confirmed" | "failed";
  /** Base units requested and, once settled, moved (items confirmed). */
  amount: bigint;
  sweptAmount: bigint;
  /** Hashes of the transactions that carried its items (one per batch), oldest first. */
  txHashes: string[];
  /** The block of the last confirmed item. */
  blockNumber: bigint | null;
}

/** Handlers of one purpose; each runs inside the DB transaction that records the event. */
export interface SweepHandlers {
  /** The first of its transactions was broadcast. */
  submitted?(tx: Tx, s: SweepView): Promise<void>;
  /** Every item moved, with the network's confirmations; its ledger transfers are posted. */
  confirmed(tx: Tx, s: SweepView): Promise<void>;
  /** Given up (some item could not be swept); the pending ledger transfers of the unswept items are voided. */
  failed?(tx: Tx, s: SweepView, reason: string): Promise<void>;
}

const registry = new Map<string, SweepHandlers>();

/**
 * Register what happens when a sweep of `purpose` moves; once, at import time of the requesting domain's module.
 * Registering again replaces the handlers (a module evaluated twice, as under hot reload).
 */
export function registerSweepHandlers(purpose: "withdrawal" | "consolidation", h: SweepHandlers): void {
  registry.set(purpose, h);
}

/** The handlers of a purpose, or undefined. */
export function sweepHandlersFor(purpose: string): SweepHandlers | undefined {
  return registry.get(purpose);
}
