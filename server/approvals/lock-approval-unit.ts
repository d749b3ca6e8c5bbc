import type { DbClient, Tx } from "../db";
import { AppError } from "../errors";
import type { Payout } from "../generated/prisma/client";
import { lockPayout } from "../payouts/lock-payout";
import type { ApprovalContent } from "./approval-digest";

/** What an approver acts on: one payout (`po_...`) or a whole batch (`pb_...`). */
export interface ApprovalTarget {
  kind: "payout" | "batch";
  id: string;
}

/**
 * The payouts of an approval target, locked FOR UPDATE (the lock cancel, approve and the sender's hand-over take;
 * a batch's rows in batch order, so two approvers of one batch queue rather than deadlock), and the content the
 * approver signs: the payouts still `pending_approval`. Another merchant's or mode's, or unknown: 404
 * `resource_missing`; nothing waiting: 409 `conflict`.
 */
export async function lockApprovalUnit(
  tx: Tx,
  opts: ApprovalTarget & { merchantId: string; livemode: boolean },
): Promise<{ pending: Payout[]; content: ApprovalContent }> {
  let payouts: Payout[];
  if (opts.kind === "payout") {
    const payout = await lockPayout(tx, { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode });
    if (!payout) throw new AppError("resource_missing", `No such payout: '${opts.id}'.`, { param: "id" });
    payouts = [payout];
  } else {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM payouts
       WHERE batch_id = ${opts.id} AND merchant_id = ${opts.merchantId} AND livemode = ${opts.livemode}
       ORDER BY batch_index
         FOR UPDATE`;
    if (locked.length === 0)
      throw new AppError("resource_missing", `No such payout batch: '${opts.id}'.`, { param: "id" });
    payouts = await tx.payout.findMany({ where: { batchId: opts.id }, orderBy: { batchIndex: "asc" } });
  }
  const pending = payouts.filter((p) => p.status === "pending_approval");
  if (pending.length === 0) {
    throw new AppError(
      "conflict",
      opts.kind === "payout"
        ? `The payout is ${payouts[0]!.status}, not waiting for approval.`
        : "No payout of this batch is waiting for approval.",
    );
  }
  return { pending, content: contentOf(opts, pending) };
}

/** The content of payouts of one target (all of one merchant, mode, network and asset). */
export function contentOf(target: ApprovalTarget, payouts: readonly Payout[]): ApprovalContent {
  const first = payouts[0]!;
  return {
    kind: target.kind,
    id: target.id,
    livemode: first.livemode,
    network: first.networkId,
    asset: first.asset,
    token: first.tokenAddress,
    decimals: first.decimals,
    payouts: payouts.map((p) => ({ id: p.id, address: p.address, amount: p.amount.toFixed(0) })),
  };
}

/**
 * 404 `resource_missing` unless the target is the merchant's in this mode: checked before a code attempt is taken,
 * so naming another merchant's payout neither spends the caller's budget nor says anything but "no such payout".
 */
export async function assertApprovalTarget(
  db: DbClient,
  opts: ApprovalTarget & { merchantId: string; livemode: boolean },
): Promise<void> {
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const found =
    opts.kind === "payout"
      ? await db.payout.findFirst({ where: { id: opts.id, ...scope }, select: { id: true } })
      : await db.payoutBatch.findFirst({ where: { id: opts.id, ...scope }, select: { id: true } });
  if (!found) {
    throw new AppError(
      "resource_missing",
      `No such ${opts.kind === "batch" ? "payout batch" : "payout"}: '${opts.id}'.`,
      {
        param: "id",
      },
    );
  }
}
