import { getAddress } from "viem";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { newId } from "../ids";
import { syncInvoiceLedger } from "../ledger/sync-invoice-ledger";
import { formatDecimal, parseDecimal, toDbDecimal } from "../money";
import { loadInvoiceSnapshotOrThrow } from "./invoice-snapshot";
import type { InvoiceStatus } from "./invoice.schema";
import { refundableByAsset, type Refundable } from "./refundable";
import type { ResolveInvoiceRequest } from "./resolve-invoice.schema";
import { createRefundInTransaction } from "../refunds/create-refund";
import { lockInvoice, writeTransition } from "./write-transition";

const OUTCOME: Record<ResolveInvoiceRequest["action"], InvoiceStatus> = {
  accept: "paid",
  refund: "refunded",
  close: "cancelled",
};

/** Which received (network, asset) to refund and how much, checked against what was received. */
function refundTarget(req: ResolveInvoiceRequest, refundable: Refundable[]): { target: Refundable; amount: bigint } {
  const candidates = refundable.filter(
    (r) =>
      (!req.refund_network || r.networkId === req.refund_network) &&
      (!req.refund_asset || r.asset === req.refund_asset.toUpperCase()),
  );
  if (candidates.length === 0) {
    throw new AppError("refund_exceeds_received", "Nothing refundable was received on that network and asset.", {
      param: req.refund_network ? "refund_network" : "refund_asset",
    });
  }
  if (candidates.length > 1) {
    const list = candidates.map((c) => `${c.asset} on ${c.networkId}`).join(", ");
    throw new AppError(
      "parameter_missing",
      `Payments arrived as ${list}: say which with refund_network and refund_asset.`,
      { param: "refund_network" },
    );
  }
  const target = candidates[0]!;
  if (req.refund_amount === undefined) return { target, amount: target.amount };
  const amount = parseDecimal(req.refund_amount, target.decimals);
  if (amount === null || amount <= 0n)
    throw new AppError(
      "parameter_invalid",
      `refund_amount must be a positive amount of ${target.asset} with at most ${target.decimals} decimals.`,
      { param: "refund_amount" },
    );
  if (amount > target.amount) {
    throw new AppError(
      "refund_exceeds_received",
      `At most ${formatDecimal(target.amount, target.decimals)} ${target.asset} can be refunded.`,
      { param: "refund_amount" },
    );
  }
  return { target, amount };
}

/**
 * Resolve an invoice in review by the merchant's decision, recorded with who made it: `accept` → paid,
 * `close` → cancelled, `refund` → refunded, and in the same transaction a refund (server/refunds) for the decided
 * amount, drawing on what the decision keeps held: paid as a payout to `refund_address`, or without one
 * `awaiting_address` with a claim link (POST /api/v1/refunds/{id}/claim_link gives it). Refunds never exceed what
 * the invoice received in that asset. Returns the refund's id, if one was created.
 */
export async function resolveInvoice(
  tx: Tx,
  opts: { id: string; merchantId: string; livemode: boolean; actor: string; request: ResolveInvoiceRequest; now: Date },
): Promise<{ refundId: string | null }> {
  await lockInvoice(tx, opts.id);
  const invoice = await loadInvoiceSnapshotOrThrow(tx, opts);
  if (invoice.status !== "review_required") {
    throw new AppError(
      "invoice_not_in_review",
      `Only an invoice in review can be resolved; this one is ${invoice.status}.`,
    );
  }
  const req = opts.request;
  const refund = req.action === "refund" ? refundTarget(req, await refundableByAsset(tx, opts.id)) : null;
  const resolutionId = newId("res");
  await tx.invoiceResolution.create({
    data: {
      id: resolutionId,
      invoiceId: opts.id,
      action: req.action,
      note: req.note ?? null,
      refundAddress: req.refund_address && refund ? getAddress(req.refund_address) : null,
      refundNetwork: refund?.target.networkId ?? null,
      refundAsset: refund?.target.asset ?? null,
      refundAmount: refund ? toDbDecimal(refund.amount) : null,
      actor: opts.actor,
      createdAt: opts.now,
    },
  });
  const to = OUTCOME[req.action];
  await writeTransition(tx, {
    invoiceId: opts.id,
    currencyDecimals: invoice.currencyDecimals,
    from: invoice,
    // The reason stays in the events and the resolution record; the status itself is settled.
    to: { ...invoice, status: to, reviewReason: null },
    data: {
      resolvedAt: opts.now,
      paidAt: to === "paid" && !invoice.paidAt ? opts.now : undefined,
      cancelledAt: to === "cancelled" ? opts.now : undefined,
    },
    cause: {
      source: "api",
      action: "resolve",
      resolution: req.action,
      resolution_id: resolutionId,
      actor: opts.actor,
      note: req.note ?? null,
    },
  });
  // Held funds follow the decision: accept and close release them, a refund keeps its amount held.
  await syncInvoiceLedger(tx, { invoiceId: opts.id, now: opts.now });
  const created = refund
    ? await createRefundInTransaction(tx, {
        merchantId: opts.merchantId,
        livemode: opts.livemode,
        createdBy: opts.actor,
        invoiceId: opts.id,
        amount: formatDecimal(refund.amount, refund.target.decimals),
        network: refund.target.networkId,
        asset: refund.target.asset,
        address: req.refund_address,
        reason: req.note,
        resolutionId,
        params: {
          amount: "refund_amount",
          network: "refund_network",
          asset: "refund_asset",
          address: "refund_address",
        },
        now: opts.now,
      })
    : null;
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    actor: opts.actor,
    action: "invoice.resolved",
    targetType: "invoice",
    targetId: opts.id,
    data: {
      resolution: req.action,
      resolution_id: resolutionId,
      note: req.note ?? null,
      ...(refund
        ? {
            refund_network: refund.target.networkId,
            refund_asset: refund.target.asset,
            refund_amount: formatDecimal(refund.amount, refund.target.decimals),
            refund_address: req.refund_address ? getAddress(req.refund_address) : null,
            refund: created?.refund.id ?? null,
          }
        : {}),
    },
  });
  return { refundId: created?.refund.id ?? null };
}
