import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { syncInvoiceLedger } from "../ledger/sync-invoice-ledger";
import { toBigInt } from "../money";
import { deriveInvoiceState } from "./derive-invoice-state";
import { lockInvoice, writeTransition } from "./write-transition";

/**
 * Re-derive an invoice's status and amounts from its payments and the clock, under a row lock, and
 * write what changed with its `invoice.<status>` event in the caller's transaction. Returns the
 * transition when the status changed, else null.
 */
export async function recomputeInvoice(
  tx: Tx,
  opts: { invoiceId: string; now: Date; cause: Prisma.InputJsonValue },
): Promise<{ from: string; to: string } | null> {
  await lockInvoice(tx, opts.invoiceId);
  const invoice = await tx.invoice.findUniqueOrThrow({
    where: { id: opts.invoiceId },
    select: {
      status: true,
      reviewReason: true,
      amount: true,
      currencyDecimals: true,
      amountPaid: true,
      amountOverpaid: true,
      expiresAt: true,
      paidAt: true,
      resolvedAt: true,
      underpaymentTolerance: true,
      resolutions: { where: { action: "accept" }, select: { id: true }, take: 1 },
      paymentOptions: { select: { networkId: true, asset: true, amount: true } },
      // Dust (below the asset's minimum) is recorded, never credited: it moves no invoice, paid or open.
      payments: {
        where: { dust: false },
        select: { networkId: true, asset: true, decimals: true, amount: true, status: true, detectedAt: true },
      },
    },
  });
  const from = {
    status: invoice.status,
    reviewReason: invoice.reviewReason,
    amountPaid: toBigInt(invoice.amountPaid),
    amountOverpaid: toBigInt(invoice.amountOverpaid),
  };
  const to = deriveInvoiceState(
    {
      status: invoice.status,
      reviewReason: invoice.reviewReason,
      amount: toBigInt(invoice.amount),
      currencyDecimals: invoice.currencyDecimals,
      options: invoice.paymentOptions.map((o) => ({ ...o, amount: toBigInt(o.amount) })),
      payments: invoice.payments.map((p) => ({ ...p, amount: toBigInt(p.amount) })),
      expiresAt: invoice.expiresAt,
      underpaymentTolerance: toBigInt(invoice.underpaymentTolerance),
      accepted: invoice.resolutions.length > 0,
      previousAmountPaid: from.amountPaid,
      paidBefore: invoice.paidAt !== null,
      resolvedAt: invoice.resolvedAt,
    },
    opts.now,
  );
  const changed = await writeTransition(tx, {
    invoiceId: opts.invoiceId,
    currencyDecimals: invoice.currencyDecimals,
    from,
    to,
    data: {
      paidAt: to.status === "paid" && !invoice.paidAt ? opts.now : undefined,
      expiredAt: to.status === "expired" ? opts.now : undefined,
    },
    cause: opts.cause,
  });
  // The ledger follows the payments and the new status in the same transaction.
  await syncInvoiceLedger(tx, { invoiceId: opts.invoiceId, now: opts.now });
  return changed ? { from: from.status, to: to.status } : null;
}
