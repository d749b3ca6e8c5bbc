import { paginateBy } from "../db/pagination";
import type { DbClient } from "../db";
import { AppError } from "../errors";
import { eventBody, eventBodySelect } from "../webhooks/event-body";
import type { EventResponse } from "../webhooks/event.schema";
import type { ListInvoiceEventsQuery } from "./list-invoices.schema";

/**
 * One page of an invoice's events in `sequence` order (oldest first), as webhooks deliver them.
 * Another merchant's or mode's invoice is a 404; a cursor must be an event of this invoice.
 */
export async function listInvoiceEvents(
  db: DbClient,
  opts: { invoiceId: string; merchantId: string; livemode: boolean; query: ListInvoiceEventsQuery },
): Promise<{ data: EventResponse[]; has_more: boolean }> {
  const invoice = await db.invoice.findFirst({
    where: { id: opts.invoiceId, merchantId: opts.merchantId, livemode: opts.livemode },
    select: { id: true },
  });
  if (!invoice) throw new AppError("resource_missing", `No such invoice: '${opts.invoiceId}'.`, { param: "id" });
  const page = await paginateBy(
    opts.query,
    (id) => db.event.findFirst({ where: { id, invoiceId: invoice.id }, select: { sequence: true } }),
    (cursor, direction) => ({
      sequence: direction === "after" ? { gt: cursor.sequence ?? 0 } : { lt: cursor.sequence ?? 0 },
    }),
    ({ cursor, reverse, take }) =>
      db.event.findMany({
        where: { invoiceId: invoice.id, ...cursor },
        orderBy: { sequence: reverse ? "desc" : "asc" },
        take,
        select: eventBodySelect,
      }),
  );
  return { data: page.data.map(eventBody), has_more: page.has_more };
}
