import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { formatDecimal, toBigInt } from "../money";
import { approveLockedPayouts, assertNotCreator } from "../payouts/approve-payout";
import { verifySecondFactor } from "../totp/verify-second-factor";
import { approvalDigest } from "./approval-digest";
import { lockApprovalUnit, type ApprovalTarget } from "./lock-approval-unit";

/**
 * Approve a live-mode payout, or every payout of a batch still waiting, as `approverUserId` with their one-time code,
 * bound to the content they were shown: under the payouts' row locks the content is read again and its digest
 * (approval-digest.ts) must equal `digest` (else 409 `approval_content_changed`: a payout was cancelled or approved
 * meanwhile, or the digest is another target's); the approver must not be a creator (403 `forbidden`); the code is
 * checked and spent (verifySecondFactor); then the payouts are reserved in the ledger in one statement and queued
 * (approveLockedPayouts: 422 `insufficient_balance`, nothing reserved) and the approval is audited with its digest.
 * Run it through withSecondFactor (the wrong-code budget); on any error the caller's transaction rolls back whole.
 * Returns the number of payouts approved and their total in base units.
 */
export async function approvePending(
  tx: Tx,
  opts: ApprovalTarget & {
    merchantId: string;
    livemode: boolean;
    approverUserId: string;
    digest: string;
    code: string;
    now: Date;
  },
): Promise<{ count: number; total: bigint }> {
  const { pending, content } = await lockApprovalUnit(tx, opts);
  const digest = approvalDigest(content);
  if (digest !== opts.digest.toLowerCase()) {
    throw new AppError(
      "approval_content_changed",
      `The ${opts.kind === "batch" ? "batch" : "payout"} is no longer what you were shown: reload and check it again.`,
      { param: "digest" },
    );
  }
  await assertNotCreator(tx, pending, opts.approverUserId);
  const method = await verifySecondFactor(tx, { userId: opts.approverUserId, code: opts.code, now: opts.now });
  const approved = await approveLockedPayouts(tx, {
    payouts: pending,
    approverUserId: opts.approverUserId,
    now: opts.now,
  });
  const total = approved.reduce((s, p) => s + toBigInt(p.amount), 0n);
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    actor: opts.approverUserId,
    action: opts.kind === "batch" ? "payout_batch.approved" : "payout.approved",
    targetType: opts.kind === "batch" ? "payout_batch" : "payout",
    targetId: opts.id,
    data: {
      digest,
      network: content.network,
      asset: content.asset,
      count: approved.length,
      total: formatDecimal(total, content.decimals),
      second_factor: method,
    },
  });
  return { count: approved.length, total };
}
