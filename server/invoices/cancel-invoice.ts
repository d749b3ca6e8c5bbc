import type { Tx } from "../db";
import { AppError } from "../errors";
import { loadInvoiceSnapshotOrThrow } from "./invoice-snapshot";
import { lockInvoice, writeTransition } from "./write-transition";

/**
 * Cancel an invoice on the merchant's request: only while it is `created` and nothing at all was
 * received (not even a payment still confirming or later reorged away); otherwise a 409
 * `invoice_not_cancellable`.
 */
export async function cancelInvoice(
  tx: Tx,
  opts: { id: string; merchantId: string; livemode: boolean; actor: string; now: Date },
): Promise<void> {
  // Lock before reading, so that a payment recorded concurrently is either seen here or waits.
  await lockInvoice(tx, opts.id);
  const invoice = await loadInvoiceSnapshotOrThrow(tx, opts);
  // Dust (below the asset's minimum) paid nothing: it does not keep an invoice from being cancelled.
  const payments = await tx.payment.count({ where: { invoiceId: opts.id, dust: false } });
  if (invoice.status !== "created" || payments > 0) {
    throw new AppError(
      "invoice_not_cancellable",
      payments > 0
        ? "This invoice has received a payment and can no longer be cancelled; resolve it instead."
        : `An invoice in status ${invoice.status} cannot be cancelled.`,
    );
  }
  await writeTransition(tx, {
    invoiceId: opts.id,
    currencyDecimals: invoice.currencyDecimals,
    from: invoice,
    to: { ...invoice, status: "cancelled", reviewReason: null },
    data: { cancelledAt: opts.now },
    cause: { source: "api", action: "cancel", actor: opts.actor },
  });
}
