import type { DbClient } from "../db";
import type { Payout } from "../generated/prisma/client";
import { formatDecimal, toBigInt } from "../money";
import type { ApprovalContent } from "./approval-digest";
import { contentOf } from "./lock-approval-unit";

/** One thing waiting for approval, with everything the approver is shown (and the digest is computed from). */
export interface ApprovalQueueItem {
  content: ApprovalContent;
  /** Sum of the payouts, base units. */
  total: bigint;
  /** The total and each payout's amount as decimal strings of the asset (at least 2 places), for display. */
  shown: { total: string; amounts: string[] };
  references: (string | null)[];
  createdAt: Date;
  createdBy: { id: string; label: string };
  /** The viewer created it (or the API key that did): the server would refuse their approval. */
  createdByViewer: boolean;
}

/** Most units shown at once: a batch counts as one, with all its waiting payouts. */
export const APPROVAL_QUEUE_LIMIT = 50;

/**
 * The merchant's payouts waiting for approval in a mode, oldest first: single payouts and batches (each batch one item
 * with its waiting payouts in batch order), at most APPROVAL_QUEUE_LIMIT; `has_more` says there are others.
 */
export async function listApprovalQueue(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; viewerUserId: string },
): Promise<{ data: ApprovalQueueItem[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode, status: "pending_approval" as const };
  const [singles, batches] = await Promise.all([
    db.payout.findMany({
      where: { ...scope, batchId: null },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: APPROVAL_QUEUE_LIMIT + 1,
    }),
    db.payout.groupBy({
      by: ["batchId"],
      where: { ...scope, batchId: { not: null } },
      _min: { createdAt: true },
      orderBy: { _min: { createdAt: "asc" } },
      take: APPROVAL_QUEUE_LIMIT + 1,
    }),
  ]);
  const units: { at: Date; key: string; kind: "payout" | "batch"; id: string }[] = [
    ...singles.map((p) => ({ at: p.createdAt, key: p.id, kind: "payout" as const, id: p.id })),
    ...batches.map((b) => ({ at: b._min.createdAt!, key: b.batchId!, kind: "batch" as const, id: b.batchId! })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
  const shown = units.slice(0, APPROVAL_QUEUE_LIMIT);
  const batchIds = shown.filter((u) => u.kind === "batch").map((u) => u.id);
  const batchPayouts = batchIds.length
    ? await db.payout.findMany({ where: { ...scope, batchId: { in: batchIds } }, orderBy: { batchIndex: "asc" } })
    : [];
  const byBatch = new Map<string, Payout[]>();
  for (const p of batchPayouts) byBatch.set(p.batchId!, [...(byBatch.get(p.batchId!) ?? []), p]);
  const singlesById = new Map(singles.map((p) => [p.id, p]));
  const groups = shown.map((u) => ({
    unit: u,
    payouts: u.kind === "batch" ? byBatch.get(u.id)! : [singlesById.get(u.id)!],
  }));
  const creators = await creatorLabels(
    db,
    groups.map((g) => g.payouts[0]!.createdBy),
  );
  return {
    data: groups.map(({ unit, payouts }) => {
      const createdBy = payouts[0]!.createdBy;
      const creator = creators.get(createdBy);
      const total = payouts.reduce((s, p) => s + toBigInt(p.amount), 0n);
      const decimals = payouts[0]!.decimals;
      return {
        content: contentOf(unit, payouts),
        total,
        shown: {
          total: formatDecimal(total, decimals, 2),
          amounts: payouts.map((p) => formatDecimal(toBigInt(p.amount), decimals, 2)),
        },
        references: payouts.map((p) => p.reference),
        createdAt: unit.at,
        createdBy: { id: createdBy, label: creator?.label ?? createdBy },
        createdByViewer: createdBy === opts.viewerUserId || creator?.ownerId === opts.viewerUserId,
      };
    }),
    has_more: units.length > APPROVAL_QUEUE_LIMIT,
  };
}

/** Creators named: users by email, API keys by name and prefix (with the member who made the key). */
async function creatorLabels(
  db: DbClient,
  ids: string[],
): Promise<Map<string, { label: string; ownerId: string | null }>> {
  const unique = [...new Set(ids)];
  const [users, keys] = await Promise.all([
    db.user.findMany({
      where: { id: { in: unique.filter((id) => id.startsWith("usr_")) } },
      select: { id: true, email: true },
    }),
    db.apiKey.findMany({
      where: { id: { in: unique.filter((id) => id.startsWith("key_")) } },
      select: { id: true, prefix: true, name: true, createdById: true },
    }),
  ]);
  const out = new Map<string, { label: string; ownerId: string | null }>();
  for (const u of users) out.set(u.id, { label: u.email, ownerId: u.id });
  for (const k of keys) {
    out.set(k.id, { label: `API key ${k.name ? `"${k.name}" ` : ""}(${k.prefix}…)`, ownerId: k.createdById });
  }
  return out;
}
