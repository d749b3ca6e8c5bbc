import type { DbClient } from "../db";
import { AppError } from "../errors";
import { findInvoiceRecord, loadCursorHeights } from "./invoice-record";
import type { InvoiceResponse } from "./invoice.schema";
import { serializeInvoice } from "./serialize-invoice";

/** The merchant's invoice in this mode as the API returns it; another merchant's or mode's is a 404. */
export async function getInvoiceOrThrow(
  tx: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<InvoiceResponse> {
  const record = await findInvoiceRecord(tx, { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode });
  if (!record) throw new AppError("resource_missing", `No such invoice: '${opts.id}'.`, { param: "id" });
  return serializeInvoice(record, await loadCursorHeights(tx));
}
