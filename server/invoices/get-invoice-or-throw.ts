import type { DbClient } from "../db";
import { AppError } from "../errors";
import { findInvoiceView } from "./invoice-record";
import type { InvoiceResponse } from "./invoice.schema";
import { serializeInvoice } from "./serialize-invoice";

/** The merchant's invoice in this mode as the API returns it (one query); another merchant's or mode's is a 404. */
export async function getInvoiceOrThrow(
  tx: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<InvoiceResponse> {
  const loaded = await findInvoiceView(tx, opts);
  if (!loaded) throw new AppError("resource_missing", `No such invoice: '${opts.id}'.`, { param: "id" });
  return serializeInvoice(loaded.invoice, loaded.heights);
}
