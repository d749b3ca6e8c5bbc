import { inTransaction, type Db, type Tx } from "../db";
import { AppError } from "../errors";
import type { Refund, RefundFunding } from "../generated/prisma/client";
import { newId } from "../ids";
import { lockInvoice } from "../invoices/write-transition";
import { formatDecimal, parseDecimal, toDbDecimal } from "../money";
import { payoutAddress, resolvePayoutAsset } from "../payouts/payout-asset";
import { payRefund } from "./pay-refund";
import { hashRefundClaimToken, newRefundClaimToken, REFUND_CLAIM_TTL_MS } from "./refund-claim-token";
import { heldForInvoice, spendableAvailable } from "./refund-funding";
import { refundableByAsset, type RefundableAsset } from "./refundable";
import type { CreateRefundRequest, RefundResponse } from "./refund.schema";
import { recordRefundEvent } from "./record-refund-event";
import { serializeRefund } from "./serialize-refund";

/** What createRefundInTransaction made: the row, its payout (when it had an address) and the claim token (when not). */
export interface CreatedRefund {
  refund: Refund;
  payoutId: string | null;
  /** Shown once (claim_url); only its hash is stored. */
  claimToken: string | null;
}

/** The request's parameter names (resolve names them `refund_amount`...). */
export interface RefundParams {
  amount: string;
  network: string;
  asset: string;
  address: string;
}
const API_PARAMS: RefundParams = { amount: "amount", network: "network", asset: "asset", address: "address" };

/**
 * Create a refund of an invoice's confirmed payment (`POST /api/v1/refunds`) and return it as the API shows it, with
 * `claim_url` when it has no address. See createRefundInTransaction for the rules and errors.
 */
export async function createRefund(
  db: Db,
  opts: { merchantId: string; livemode: boolean; createdBy: string; request: CreateRefundRequest; now?: Date },
): Promise<RefundResponse> {
  const now = opts.now ?? new Date();
  const created = await inTransaction(db, (tx) =>
    createRefundInTransaction(tx, {
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      createdBy: opts.createdBy,
      invoiceId: opts.request.invoice,
      amount: opts.request.amount,
      network: opts.request.network,
      asset: opts.request.asset,
      address: opts.request.address,
      reason: opts.request.reason,
      now,
    }),
  );
  return serializeRefund(created.refund, { payoutId: created.payoutId, claimToken: created.claimToken });
}

/**
 * Create a refund in the caller's transaction (the invoice is locked here). Only a `paid` or `refunded` invoice can be
 * refunded (409 `invoice_not_refundable`: one in review is resolved with `refund` instead). The network and asset are
 * those of its confirmed payments (422 `parameter_missing` on `network` when they came on several); `amount` defaults
 * to everything refundable (refundable.ts) and more is a 422 `refund_exceeds_received`. With an address it is paid at
 * once as a payout (pay-refund.ts); without, it waits in `awaiting_address` with a claim token valid 30 days. The
 * funding account (refund-funding.ts) must cover it now: else 422 `insufficient_balance`. A `refund.created` event.
 * Bad input is a 4xx naming the parameter, and the caller's rollback leaves nothing.
 */
export async function createRefundInTransaction(
  tx: Tx,
  opts: {
    merchantId: string;
    livemode: boolean;
    createdBy: string;
    invoiceId: string;
    amount?: string;
    network?: string;
    asset?: string;
    address?: string;
    reason?: string;
    /** The `resolve` decision this refund carries out. */
    resolutionId?: string;
    params?: RefundParams;
    now: Date;
  },
): Promise<CreatedRefund> {
  const params = opts.params ?? API_PARAMS;
  await lockInvoice(tx, opts.invoiceId);
  const invoice = await tx.invoice.findFirst({
    where: { id: opts.invoiceId, merchantId: opts.merchantId, livemode: opts.livemode },
    select: { id: true, status: true },
  });
  if (!invoice) throw new AppError("resource_missing", `No such invoice: '${opts.invoiceId}'.`, { param: "invoice" });
  if (invoice.status !== "paid" && invoice.status !== "refunded") {
    throw new AppError(
      "invoice_not_refundable",
      invoice.status === "review_required"
        ? "The invoice is in review: resolve it with action refund."
        : `Only a paid or refunded invoice can be refunded; this one is ${invoice.status}.`,
      { param: "invoice" },
    );
  }
  const target = chooseTarget(
    await refundableByAsset(tx, invoice.id, { excludeResolutionId: opts.resolutionId }),
    opts,
    params,
  );
  const amount = refundAmount(target, opts.amount, params);
  const address = opts.address === undefined ? null : payoutAddress(opts.address, params.address);
  const { asset } = resolvePayoutAsset({ livemode: opts.livemode, network: target.networkId, asset: target.asset });
  const scope = {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    networkId: target.networkId,
    asset: target.asset,
  };

  let funding: RefundFunding = "available";
  if (invoice.status === "refunded" && (await heldForInvoice(tx, { ...scope, invoiceId: invoice.id })) >= amount)
    funding = "held";
  // An awaiting refund reserves nothing until it is claimed; refuse now what the balance cannot pay anyway.
  if (funding === "available" && address === null && (await spendableAvailable(tx, scope)) < amount) {
    throw new AppError(
      "insufficient_balance",
      "The refund is more than the available balance of this network and asset.",
    );
  }

  const claimToken = address === null ? newRefundClaimToken() : null;
  let refund = await tx.refund.create({
    data: {
      id: newId("re"),
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      invoiceId: invoice.id,
      status: "awaiting_address",
      networkId: target.networkId,
      asset: target.asset,
      decimals: target.decimals,
      tokenAddress: asset.tokenAddress?.toLowerCase() ?? null,
      amount: toDbDecimal(amount),
      address,
      reason: opts.reason ?? null,
      funding,
      resolutionId: opts.resolutionId ?? null,
      claimTokenHash: claimToken ? hashRefundClaimToken(claimToken) : null,
      claimExpiresAt: claimToken ? new Date(opts.now.getTime() + REFUND_CLAIM_TTL_MS) : null,
      createdBy: opts.createdBy,
      createdAt: opts.now,
      updatedAt: opts.now,
    },
  });
  let payoutId: string | null = null;
  if (address !== null)
    ({ payoutId, ...refund } = await payRefund(tx, refund, { createdBy: opts.createdBy, now: opts.now }));
  await recordRefundEvent(tx, refund, {
    type: "refund.created",
    payoutId,
    cause: {
      refund: refund.id,
      invoice: invoice.id,
      created_by: opts.createdBy,
      resolution: opts.resolutionId ?? null,
    },
    at: opts.now,
  });
  return { refund, payoutId, claimToken };
}

/** The received (network, asset) to refund: the one named, or the only one (else 422 naming `network`). */
function chooseTarget(
  received: RefundableAsset[],
  opts: { network?: string; asset?: string },
  params: RefundParams,
): RefundableAsset {
  const asset = opts.asset?.toUpperCase();
  const candidates = received.filter(
    (r) => (opts.network === undefined || r.networkId === opts.network) && (asset === undefined || r.asset === asset),
  );
  if (candidates.length === 0) {
    const param = opts.network !== undefined ? params.network : opts.asset !== undefined ? params.asset : params.amount;
    throw new AppError(
      "refund_exceeds_received",
      received.length === 0
        ? "The invoice has no confirmed payment to refund."
        : "The invoice received nothing confirmed on that network and asset.",
      { param },
    );
  }
  if (candidates.length > 1) {
    const list = candidates.map((c) => `${c.asset} on ${c.networkId}`).join(", ");
    const param = opts.network === undefined ? params.network : params.asset;
    throw new AppError("parameter_missing", `Payments arrived as ${list}: say which with network and asset.`, {
      param,
    });
  }
  return candidates[0]!;
}

/** The amount in base units: given (positive, at most the asset's decimals) or everything refundable; never more. */
function refundAmount(target: RefundableAsset, value: string | undefined, params: RefundParams): bigint {
  const most = `At most ${formatDecimal(target.refundable, target.decimals)} ${target.asset} can be refunded.`;
  if (value === undefined) {
    if (target.refundable <= 0n) throw new AppError("refund_exceeds_received", most, { param: params.amount });
    return target.refundable;
  }
  const units = parseDecimal(value, target.decimals);
  if (units === null || units <= 0n) {
    throw new AppError(
      "parameter_invalid",
      `${params.amount} must be a positive amount of ${target.asset} with at most ${target.decimals} decimals.`,
      { param: params.amount },
    );
  }
  if (units > target.refundable) throw new AppError("refund_exceeds_received", most, { param: params.amount });
  return units;
}
