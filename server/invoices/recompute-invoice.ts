import type { DbTx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { formatDecimal, toBigInt, toDbDecimal } from "../money";
import type { EventType } from "../webhooks/event-types";
import { recordInvoiceEvent } from "../webhooks/record-event";
import { allowedTransitions, deriveInvoiceState } from "./derive-invoice-state";

/**
 * Re-derive an invoice's status and amounts from its payments and the clock, under a row lock, and
 * write what changed with its `invoice.<status>` event in the caller's transaction. Returns the new
 * status when it changed, else null. Refuses a transition the table does not allow.
 */
export async function recomputeInvoice(
  tx: DbTx,
  opts: { invoiceId: string; now: Date; cause: Prisma.InputJsonValue },
): Promise<{ from: string; to: string } | null> {
  // Serialises recomputations of one invoice (two workers, the API and a worker).
  await tx.$queryRaw`SELECT id FROM invoices WHERE id = ${opts.invoiceId} FOR UPDATE`;
  const invoice = await tx.invoice.findUniqueOrThrow({
    where: { id: opts.invoiceId },
    select: {
      status: true, reviewReason: true, amount: true, currencyDecimals: true, amountPaid: true, amountOverpaid: true,
      expiresAt: true, paidAt: true, underpaymentTolerance: true,
      paymentOptions: { select: { networkId: true, asset: true } },
      payments: { select: { networkId: true, asset: true, decimals: true, amount: true, status: true, detectedAt: true } },
    },
  });
  const next = deriveInvoiceState(
    {
      status: invoice.status,
      reviewReason: invoice.reviewReason,
      amount: toBigInt(invoice.amount),
      currencyDecimals: invoice.currencyDecimals,
      options: invoice.paymentOptions,
      payments: invoice.payments.map((p) => ({ ...p, amount: toBigInt(p.amount) })),
      expiresAt: invoice.expiresAt,
      underpaymentTolerance: toBigInt(invoice.underpaymentTolerance),
    },
    opts.now,
  );
  const prevPaid = toBigInt(invoice.amountPaid);
  const prevOverpaid = toBigInt(invoice.amountOverpaid);
  const statusChanged = next.status !== invoice.status || next.reviewReason !== invoice.reviewReason;
  if (!statusChanged && next.amountPaid === prevPaid && next.amountOverpaid === prevOverpaid) return null;
  if (next.status !== invoice.status && !allowedTransitions[invoice.status].includes(next.status)) {
    throw new Error(`illegal invoice transition ${invoice.status} -> ${next.status} for ${opts.invoiceId}`);
  }

  await tx.invoice.update({
    where: { id: opts.invoiceId },
    data: {
      status: next.status,
      reviewReason: next.reviewReason,
      amountPaid: toDbDecimal(next.amountPaid),
      amountOverpaid: toDbDecimal(next.amountOverpaid),
      paidAt: next.status === "paid" && !invoice.paidAt ? opts.now : undefined,
      expiredAt: next.status === "expired" ? opts.now : undefined,
    },
  });
  if (!statusChanged) return null;

  const fmt = (v: bigint) => formatDecimal(v, invoice.currencyDecimals, 2);
  await recordInvoiceEvent(tx, {
    invoiceId: opts.invoiceId,
    type: `invoice.${next.status}` as EventType,
    previousAttributes: {
      status: invoice.status,
      review_reason: invoice.reviewReason,
      amount_paid: fmt(prevPaid),
      amount_overpaid: fmt(prevOverpaid),
    },
    cause: opts.cause,
  });
  return { from: invoice.status, to: next.status };
}
