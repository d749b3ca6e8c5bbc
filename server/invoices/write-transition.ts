import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { formatDecimal, toDbDecimal } from "../money";
import type { EventType } from "../webhooks/event-types";
import { recordInvoiceEvent } from "../webhooks/record-event";
import { allowedTransitions } from "./derive-invoice-state";
import type { InvoiceStatus, ReviewReason } from "./invoice.schema";

/** An invoice's status and amounts, before or after a transition. */
export interface InvoiceSnapshot {
  status: InvoiceStatus;
  reviewReason: ReviewReason | null;
  amountPaid: bigint;
  amountOverpaid: bigint;
}

/** The invoice row locked for the rest of the transaction: recomputations and merchant actions serialise on it. */
export async function lockInvoice(tx: Tx, invoiceId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM invoices WHERE id = ${invoiceId} FOR UPDATE`;
}

/**
 * Write an invoice's new status and amounts and, when the status or review reason changed, its
 * `invoice.<status>` event with `previous_attributes`, in the caller's transaction (the invoice must
 * be locked). Throws on a transition the table does not allow: illegal transitions cannot be written.
 * Returns whether the status (or reason) changed.
 */
export async function writeTransition(
  tx: Tx,
  opts: {
    invoiceId: string;
    currencyDecimals: number;
    from: InvoiceSnapshot;
    to: InvoiceSnapshot;
    /** Lifecycle timestamps and other columns that go with this transition. */
    data?: Prisma.InvoiceUpdateInput;
    cause: Prisma.InputJsonValue;
  },
): Promise<boolean> {
  const { from, to } = opts;
  if (to.status !== from.status && !allowedTransitions[from.status].includes(to.status)) {
    throw new Error(`illegal invoice transition ${from.status} -> ${to.status} for ${opts.invoiceId}`);
  }
  const statusChanged = to.status !== from.status || to.reviewReason !== from.reviewReason;
  if (!statusChanged && to.amountPaid === from.amountPaid && to.amountOverpaid === from.amountOverpaid) return false;

  await tx.invoice.update({
    where: { id: opts.invoiceId },
    data: {
      ...opts.data,
      status: to.status,
      reviewReason: to.reviewReason,
      amountPaid: toDbDecimal(to.amountPaid),
      amountOverpaid: toDbDecimal(to.amountOverpaid),
    },
  });
  if (!statusChanged) return false;

  const fmt = (v: bigint) => formatDecimal(v, opts.currencyDecimals, 2);
  await recordInvoiceEvent(tx, {
    invoiceId: opts.invoiceId,
    type: `invoice.${to.status}` as EventType,
    previousAttributes: {
      status: from.status,
      review_reason: from.reviewReason,
      amount_paid: fmt(from.amountPaid),
      amount_overpaid: fmt(from.amountOverpaid),
    },
    cause: opts.cause,
  });
  return true;
}
