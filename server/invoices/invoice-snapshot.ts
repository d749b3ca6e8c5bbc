import type { DbClient } from "../db";
import { AppError } from "../errors";
import { toBigInt } from "../money";
import type { InvoiceSnapshot } from "./write-transition";

/** The merchant's invoice (in this mode) as a snapshot for a manual transition; a 404 otherwise. Lock it first. */
export async function loadInvoiceSnapshotOrThrow(
  tx: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<InvoiceSnapshot & { currencyDecimals: number; paidAt: Date | null }> {
  const row = await tx.invoice.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
    select: {
      status: true,
      reviewReason: true,
      amountPaid: true,
      amountOverpaid: true,
      currencyDecimals: true,
      paidAt: true,
    },
  });
  if (!row) throw new AppError("resource_missing", `No such invoice: '${opts.id}'.`, { param: "id" });
  return { ...row, amountPaid: toBigInt(row.amountPaid), amountOverpaid: toBigInt(row.amountOverpaid) };
}
