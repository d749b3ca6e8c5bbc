import type { Tx } from "../db";
import { AppError } from "../errors";
import type { Payout } from "../generated/prisma/client";
import { syncRefundsOfPayouts } from "../refunds/sync-refunds-of-payouts";
import { lockPayout } from "./lock-payout";
import type { PayoutResponse } from "./payout.schema";
import { recordPayoutEvents } from "./record-payout-events";
import { reservePayouts } from "./reserve-payouts";
import { serializePayout } from "./serialize-payout";

/** `approved_by` of a payout approved at creation under the auto-approval policy (server/approvals/). */
export const AUTO_APPROVER = "auto";

/**
 * Maker-checker: refuse (403 `forbidden`) an approver who created any of the payouts, directly (`usr_...`) or through
 * an API key they created in the dashboard (`key_...` whose `created_by_id` is theirs).
 */
export async function assertNotCreator(
  tx: Tx,
  payouts: readonly Pick<Payout, "createdBy">[],
  approverUserId: string,
): Promise<void> {
  const creators = new Set(payouts.map((p) => p.createdBy));
  const keyIds = [...creators].filter((c) => c.startsWith("key_"));
  const keyOwners = keyIds.length
    ? await tx.apiKey.findMany({ where: { id: { in: keyIds } }, select: { createdById: true } })
    : [];
  if (creators.has(approverUserId) || keyOwners.some((k) => k.createdById === approverUserId)) {
    throw new AppError("forbidden", "A payout must be approved by someone other than its creator.");
  }
}

/**
 * Approve live-mode payouts waiting in `pending_approval`, already locked by the caller (lockPayout, or a batch's rows
 * FOR UPDATE), in its transaction: maker-checker (assertNotCreator), one ledger reservation each in one statement (422
 * `insufficient_balance` if available no longer covers them all; the caller must roll back), status `queued` with the
 * approver and time, refunds they pay mirrored, and one `payout.approved` event each. Another status is a 409
 * `conflict`. The second factor and the `payouts:approve` permission are the caller's (server/approvals/).
 */
export async function approveLockedPayouts(
  tx: Tx,
  opts: { payouts: readonly Payout[]; approverUserId: string; now: Date },
): Promise<Payout[]> {
  const { payouts, now } = opts;
  const waiting = payouts.filter((p) => p.status !== "pending_approval");
  if (waiting.length > 0) {
    throw new AppError("conflict", `The payout is ${waiting[0]!.status}, not waiting for approval.`);
  }
  await assertNotCreator(tx, payouts, opts.approverUserId);
  await reservePayouts(tx, [...payouts], now);
  const ids = payouts.map((p) => p.id);
  await tx.payout.updateMany({
    where: { id: { in: ids } },
    data: { status: "queued", approvedBy: opts.approverUserId, approvedAt: now, updatedAt: now },
  });
  await syncRefundsOfPayouts(tx, ids, now);
  const updated = await tx.payout.findMany({
    where: { id: { in: ids } },
    orderBy: [{ batchIndex: "asc" }, { id: "asc" }],
  });
  await recordPayoutEvents(tx, updated, {
    type: "payout.approved",
    cause: (p) => ({ payout: p.id, approved_by: opts.approverUserId }),
    at: now,
  });
  return updated;
}

/**
 * Approve one live-mode payout waiting in `pending_approval` (maker-checker), in the caller's transaction: the
 * approver must not be its creator (403 `forbidden`); the payout is reserved in the ledger (422
 * `insufficient_balance` if available no longer covers it), becomes `queued`, and a `payout.approved` event is
 * written. Another status is a 409 `conflict`; an unknown payout a 404. The second factor (TOTP), the content binding
 * and the `payouts:approve` permission are checked by the caller (server/approvals/approve-pending.ts).
 */
export async function approvePayout(
  tx: Tx,
  opts: { payoutId: string; approverUserId: string; merchantId?: string; now?: Date },
): Promise<PayoutResponse> {
  const now = opts.now ?? new Date();
  const payout = await lockPayout(tx, { id: opts.payoutId, merchantId: opts.merchantId });
  if (!payout) throw new AppError("resource_missing", `No such payout: '${opts.payoutId}'.`, { param: "id" });
  const [updated] = await approveLockedPayouts(tx, { payouts: [payout], approverUserId: opts.approverUserId, now });
  return serializePayout(updated!);
}
