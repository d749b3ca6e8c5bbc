import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { toDbDecimal } from "../money";
import { recordMerchantEvent } from "../webhooks/record-merchant-event";
import { serializeWithdrawal, withdrawalSelect } from "./serialize-auto-withdrawal";

type Step = "submitted" | "confirmed" | "failed";

// The only moves a withdrawal makes; anything else (a late `submitted` after `confirmed`, a second `failed`) is a
// replay of something already recorded and changes nothing.
const from: Record<Step, readonly string[]> = {
  submitted: ["pending"],
  confirmed: ["pending", "submitted"],
  failed: ["pending", "submitted"],
};

/**
 * The one writer of a withdrawal's status, called by its sweep's handlers in the transaction that records the
 * sweep's progress: `submitted` (first broadcast), `confirmed` (with every transaction hash and the gas paid, in
 * the native asset's base units), `failed` (with a reason; the sweep voids the reservation). Each move writes its
 * `withdrawal.*` event in the same transaction. Hashes seen later (a sweep split into several transactions) are
 * added without an event. Returns whether the status moved.
 */
export async function advanceWithdrawal(
  tx: Tx,
  opts: {
    withdrawalId: string;
    to: Step;
    txHashes?: readonly string[];
    networkFee?: bigint;
    reason?: string;
    at?: Date;
  },
): Promise<boolean> {
  const at = opts.at ?? new Date();
  const current = await tx.withdrawal.findUnique({
    where: { id: opts.withdrawalId },
    select: { status: true, txHashes: true },
  });
  if (!current) throw new Error(`withdrawal ${opts.withdrawalId} does not exist`);
  const txHashes = [...new Set([...current.txHashes, ...(opts.txHashes ?? []).map((h) => h.toLowerCase())])];
  if (!from[opts.to].includes(current.status)) {
    if (txHashes.length !== current.txHashes.length) {
      await tx.withdrawal.update({ where: { id: opts.withdrawalId }, data: { txHashes } });
    }
    return false;
  }
  const data: Prisma.WithdrawalUpdateInput = { status: opts.to, txHashes };
  if (opts.to === "submitted") data.submittedAt = at;
  if (opts.to === "confirmed") {
    data.confirmedAt = at;
    if (opts.networkFee !== undefined) data.networkFee = toDbDecimal(opts.networkFee);
  }
  if (opts.to === "failed") {
    data.failedAt = at;
    data.failureReason = opts.reason ?? "The sweep failed.";
  }
  // Guarded by the status read above and by this filter: two handlers racing move it once.
  const moved = await tx.withdrawal.updateMany({
    where: { id: opts.withdrawalId, status: { in: [...from[opts.to]] as ("pending" | "submitted")[] } },
    data: data as Prisma.WithdrawalUpdateManyMutationInput,
  });
  if (moved.count === 0) return false;
  const row = await tx.withdrawal.findUniqueOrThrow({
    where: { id: opts.withdrawalId },
    select: { ...withdrawalSelect, merchantId: true },
  });
  const { merchantId, ...withdrawal } = row;
  await recordMerchantEvent(tx, {
    merchantId,
    livemode: withdrawal.livemode,
    type: `withdrawal.${opts.to}`,
    object: serializeWithdrawal(withdrawal),
    cause: { withdrawal: opts.withdrawalId, step: opts.to, ...(opts.reason ? { reason: opts.reason } : {}) },
    at,
  });
  return true;
}
