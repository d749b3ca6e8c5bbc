import { getAddress } from "viem";
import type { PayoutBatch, Payout } from "../generated/prisma/client";
import { formatDecimal, toBigInt } from "../money";
import type { PayoutBatchResponse, PayoutResponse } from "./payout.schema";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public `payout` object of a row. */
export function serializePayout(p: Payout): PayoutResponse {
  const amount = toBigInt(p.amount);
  return {
    id: p.id,
    object: "payout",
    livemode: p.livemode,
    status: p.status,
    network: p.networkId,
    asset: p.asset,
    amount: formatDecimal(amount, p.decimals, Math.min(2, p.decimals)),
    amount_base_units: amount.toString(),
    address: getAddress(p.address),
    participant: p.participantId,
    reference: p.reference,
    description: p.description,
    metadata: (p.metadata ?? {}) as Record<string, string>,
    batch: p.batchId,
    refund: p.refundId,
    tx_hash: p.txHash,
    // The fee is in the network's native asset (18 decimals on every EVM network of the catalog).
    network_fee: p.networkFee === null ? null : formatDecimal(toBigInt(p.networkFee), 18),
    failure_reason: p.failureReason,
    created_at: p.createdAt.toISOString(),
    approved_at: iso(p.approvedAt),
    submitted_at: iso(p.submittedAt),
    confirmed_at: iso(p.confirmedAt),
  };
}

/** A batch's status from how many of its payouts are in each status. */
export function batchStatus(counts: Partial<Record<Payout["status"], number>>): PayoutBatchResponse["status"] {
  if (counts.pending_approval) return "pending_approval";
  if (counts.queued) return "queued";
  if (counts.submitted) return "submitted";
  return "completed";
}

/** The public `payout_batch` object of a row, its payouts' status counts and its transactions' hashes. */
export function serializePayoutBatch(
  b: PayoutBatch,
  counts: Partial<Record<Payout["status"], number>>,
  txHashes: string[],
): PayoutBatchResponse {
  return {
    id: b.id,
    object: "payout_batch",
    livemode: b.livemode,
    status: batchStatus(counts),
    network: b.networkId,
    asset: b.asset,
    total: formatDecimal(toBigInt(b.total), b.decimals, Math.min(2, b.decimals)),
    count: b.count,
    tx_hashes: txHashes,
    created_at: b.createdAt.toISOString(),
  };
}
