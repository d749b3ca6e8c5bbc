import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import type { Payout } from "../generated/prisma/client";
import { formatDecimal, toBigInt } from "../money";
import { AUTO_APPROVER } from "../payouts/approve-payout";
import { recordPayoutEvents } from "../payouts/record-payout-events";

/**
 * Whether new live-mode payouts (all of one merchant, network and asset: a single payout or a whole batch) are
 * approved at creation: every one must go to an address on the merchant's live allowlist that is usable by `now`
 * (added at least 24 hours before, not removed) and be at most the merchant's auto-approval limit of the network and
 * asset (none set: never). A batch is approved whole or waits whole. The allowlist rows read are locked FOR SHARE, so a
 * removal committing meanwhile waits for this creation, and a creation after it sees the address gone.
 */
export async function decideAutoApproval(
  tx: Tx,
  opts: {
    merchantId: string;
    networkId: string;
    asset: string;
    items: { address: string; amount: bigint }[];
    now: Date;
  },
): Promise<boolean> {
  if (opts.items.length === 0) return false;
  const limit = await tx.payoutAutoApprovalLimit.findUnique({
    where: {
      merchantId_livemode_networkId_asset: {
        merchantId: opts.merchantId,
        livemode: true,
        networkId: opts.networkId,
        asset: opts.asset,
      },
    },
    select: { amount: true },
  });
  if (!limit) return false;
  const max = toBigInt(limit.amount);
  if (opts.items.some((i) => i.amount > max)) return false;
  const addresses = [...new Set(opts.items.map((i) => i.address.toLowerCase()))];
  const usable = await tx.$queryRaw<{ address: string }[]>`
    SELECT address FROM payout_allowlist_entries
     WHERE merchant_id = ${opts.merchantId} AND livemode = true AND current_slot IS NOT NULL
       AND address = ANY(${addresses}::text[]) AND active_at <= ${opts.now}
       FOR SHARE`;
  const allowed = new Set(usable.map((r) => r.address));
  return addresses.every((a) => allowed.has(a));
}

/**
 * The bookkeeping of payouts approved at creation (already reserved and `queued` with `approved_by` AUTO_APPROVER):
 * one `payout.approved` event each, and one audit row for the payout or the batch, in the creation's transaction.
 */
export async function recordAutoApproval(
  tx: Tx,
  payouts: readonly Payout[],
  opts: { createdBy: string; batchId?: string; now: Date },
): Promise<void> {
  const first = payouts[0];
  if (!first) return;
  await recordPayoutEvents(tx, payouts, {
    type: "payout.approved",
    cause: (p) => ({ payout: p.id, approved_by: AUTO_APPROVER }),
    at: opts.now,
  });
  await recordAudit(tx, {
    merchantId: first.merchantId,
    livemode: first.livemode,
    actor: opts.createdBy,
    action: opts.batchId ? "payout_batch.auto_approved" : "payout.auto_approved",
    targetType: opts.batchId ? "payout_batch" : "payout",
    targetId: opts.batchId ?? first.id,
    data: {
      network: first.networkId,
      asset: first.asset,
      count: payouts.length,
      total: formatDecimal(
        payouts.reduce((s, p) => s + toBigInt(p.amount), 0n),
        first.decimals,
      ),
    },
  });
}
