import type { Tx } from "../db";
import { AppError, isUniqueViolation } from "../errors";
import type { Payout, Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { merchantAccount } from "../ledger/chart-of-accounts";
import { toBigInt, toDbDecimal } from "../money";
import type { PayoutAsset } from "./payout-asset";
import { decideAutoApproval, recordAutoApproval } from "../approvals/auto-approval";
import { AUTO_APPROVER } from "./approve-payout";
import { recordPayoutEvents } from "./record-payout-events";
import { fundingOfRefunds } from "../refunds/refund-funding";
import { reservePayouts } from "./reserve-payouts";
import { checkParticipantsAvailable } from "../participants/payout-destinations";

/** One payout to create, already validated (base units, lowercase address). */
export interface NewPayout {
  amount: bigint;
  address: string;
  reference?: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
  /** The participant (`prt_...`) it pays: `address` is the participant's and the payout draws on its balance. */
  participantId?: string | null;
  /** The request parameter that names this item in errors (`reference` or `items[3].reference`). */
  param: string;
}

/**
 * Create payouts of one merchant, mode, network and asset in the caller's transaction: the rows, in test
 * mode their ledger reservation at once (status `queued`, approved by the creator's mode), in live mode
 * status `pending_approval` (checked against available now, reserved at approval: approve-payout.ts) unless the
 * auto-approval policy approves them at once (reserved, `queued`, `approved_by` "auto", a `payout.approved` event
 * each and an audit row: server/approvals/auto-approval.ts), and one `payout.created` event each. Errors (nothing
 * created when the caller rolls back): 409 `payout_reference_exists` (a reference used before, or twice in the
 * request), 422 `insufficient_balance`.
 */
export async function createPayouts(
  tx: Tx,
  opts: {
    merchantId: string;
    livemode: boolean;
    createdBy: string;
    target: PayoutAsset;
    items: NewPayout[];
    batchId?: string;
    /** The refund (`re_...`) the single item pays (server/refunds/pay-refund.ts); its funding picks the account. */
    refundId?: string;
    now: Date;
  },
): Promise<Payout[]> {
  const { network, asset } = opts.target;
  await checkReferences(tx, opts);
  // Test mode: approved at once. Live mode: approved at once only under the auto-approval policy (allow-listed,
  // usable addresses at or under the merchant's limit: server/approvals/auto-approval.ts), else waits for a person.
  const autoApproved =
    opts.livemode &&
    (await decideAutoApproval(tx, {
      merchantId: opts.merchantId,
      networkId: network.id,
      asset: asset.symbol,
      items: opts.items,
      now: opts.now,
    }));
  const approved = !opts.livemode || autoApproved;
  const rows: Prisma.PayoutCreateManyInput[] = opts.items.map((item, i) => ({
    id: newId("po"),
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    status: approved ? "queued" : "pending_approval",
    networkId: network.id,
    asset: asset.symbol,
    decimals: asset.decimals,
    tokenAddress: asset.tokenAddress?.toLowerCase() ?? null,
    amount: toDbDecimal(item.amount),
    address: item.address,
    reference: item.reference ?? null,
    description: item.description ?? null,
    metadata: item.metadata ?? {},
    batchId: opts.batchId ?? null,
    batchIndex: opts.batchId ? i : null,
    participantId: item.participantId ?? null,
    refundId: opts.refundId ?? null,
    createdBy: opts.createdBy,
    approvedBy: autoApproved ? AUTO_APPROVER : approved ? opts.createdBy : null,
    approvedAt: approved ? opts.now : null,
    createdAt: opts.now,
    updatedAt: opts.now,
  }));
  try {
    // One statement from one JSON parameter: Prisma's createMany binds 25 parameters per row, which costs seconds
    // for a 1,000-item batch.
    await tx.$executeRawUnsafe(INSERT_PAYOUTS_SQL, JSON.stringify(rows.map(toSqlRow)));
  } catch (error) {
    if (isUniqueViolation(error) || isReferenceConflict(error)) {
      throw new AppError("payout_reference_exists", "A payout with this reference exists.", {
        param: opts.items.length === 1 ? opts.items[0]!.param : undefined,
        cause: error,
      });
    }
    throw error;
  }
  const payouts = await tx.payout.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    orderBy: [{ batchIndex: "asc" }, { id: "asc" }],
  });
  if (approved) {
    await reservePayouts(tx, payouts, opts.now);
  } else if (!opts.refundId || (await fundingOfRefunds(tx, [opts.refundId])).get(opts.refundId) !== "held") {
    // A refund funded from `held` was checked against what its invoice still holds when it was created.
    await checkAvailable(tx, {
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      networkId: network.id,
      asset: asset.symbol,
      total: opts.items.filter((i) => !i.participantId).reduce((s, i) => s + i.amount, 0n),
    });
    await checkParticipantsAvailable(tx, opts);
  }
  await recordPayoutEvents(tx, payouts, {
    type: "payout.created",
    cause: (p) => ({ payout: p.id, created_by: opts.createdBy }),
    at: opts.now,
  });
  if (autoApproved)
    await recordAutoApproval(tx, payouts, { createdBy: opts.createdBy, batchId: opts.batchId, now: opts.now });
  return payouts;
}

const INSERT_PAYOUTS_SQL = `
INSERT INTO payouts (id, merchant_id, livemode, status, network_id, asset, decimals, token_address, amount, address, reference,
                     description, metadata, batch_id, batch_index, participant_id, refund_id, created_by, approved_by, approved_at, created_at, updated_at)
SELECT r.id, r.merchant_id, r.livemode, r.status::"PayoutStatus", r.network_id, r.asset, r.decimals, r.token_address,
       r.amount::numeric, r.address, r.reference, r.description, r.metadata, r.batch_id, r.batch_index, r.participant_id, r.refund_id, r.created_by,
       r.approved_by, r.approved_at::timestamp, r.created_at::timestamp, r.created_at::timestamp
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, merchant_id text, livemode boolean, status text, network_id text, asset text,
       decimals int, token_address text, amount text, address text, reference text, description text, metadata jsonb,
       batch_id text, batch_index int, participant_id text, refund_id text, created_by text, approved_by text, approved_at text, created_at text)`;

/** A row of INSERT_PAYOUTS_SQL's JSON parameter. */
function toSqlRow(r: Prisma.PayoutCreateManyInput) {
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
  return {
    id: r.id,
    merchant_id: r.merchantId,
    livemode: r.livemode,
    status: r.status,
    network_id: r.networkId,
    asset: r.asset,
    decimals: r.decimals,
    token_address: r.tokenAddress ?? null,
    amount: String(r.amount),
    address: r.address,
    reference: r.reference ?? null,
    description: r.description ?? null,
    metadata: r.metadata ?? {},
    batch_id: r.batchId ?? null,
    batch_index: r.batchIndex ?? null,
    participant_id: r.participantId ?? null,
    refund_id: r.refundId ?? null,
    created_by: r.createdBy,
    approved_by: r.approvedBy ?? null,
    approved_at: iso(r.approvedAt),
    created_at: iso(r.createdAt),
  };
}

/** PostgreSQL's unique violation (23505) as a raw statement reports it through the driver adapter. */
function isReferenceConflict(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error);
  return text.includes("23505") || text.includes("payouts_merchant_id_livemode_reference_key");
}

/** References must be new to the merchant and mode, and not repeated within the request. */
async function checkReferences(
  tx: Tx,
  opts: { merchantId: string; livemode: boolean; items: NewPayout[] },
): Promise<void> {
  const seen = new Map<string, NewPayout>();
  for (const item of opts.items) {
    if (!item.reference) continue;
    if (seen.has(item.reference)) {
      throw new AppError("payout_reference_exists", `Reference "${item.reference}" appears twice in the request.`, {
        param: item.param,
      });
    }
    seen.set(item.reference, item);
  }
  if (seen.size === 0) return;
  const existing = await tx.payout.findFirst({
    where: { merchantId: opts.merchantId, livemode: opts.livemode, reference: { in: [...seen.keys()] } },
    select: { reference: true },
  });
  if (existing?.reference) {
    throw new AppError("payout_reference_exists", `A payout with reference "${existing.reference}" exists.`, {
      param: seen.get(existing.reference)!.param,
    });
  }
}

/** Live-mode payouts wait for approval unreserved; refuse now what the available balance cannot pay anyway. */
async function checkAvailable(
  tx: Tx,
  opts: { merchantId: string; livemode: boolean; networkId: string; asset: string; total: bigint },
): Promise<void> {
  const account = await tx.ledgerAccount.findUnique({
    where: { id: merchantAccount("available", opts).id },
    select: { creditsPosted: true, debitsPosted: true, debitsPending: true },
  });
  const available = account
    ? toBigInt(account.creditsPosted) - toBigInt(account.debitsPosted) - toBigInt(account.debitsPending)
    : 0n;
  if (opts.total > available) {
    throw new AppError(
      "insufficient_balance",
      "The payout is more than the available balance of this network and asset.",
    );
  }
}
