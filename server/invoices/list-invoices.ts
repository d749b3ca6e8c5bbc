import { paginate } from "../api/pagination";
import type { DbClient } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { invoiceRecordInclude, loadCursorHeights } from "./invoice-record";
import type { InvoiceResponse } from "./invoice.schema";
import type { ListInvoicesQuery } from "./list-invoices.schema";
import { serializeInvoice } from "./serialize-invoice";

/**
 * One page of the merchant's invoices in one mode, newest first, filtered by status, order id and
 * creation time (`created_gte` inclusive, `created_lt` exclusive). A cursor must be one of the
 * merchant's invoices in that mode (else 404); it need not match the filters.
 */
export async function listInvoices(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListInvoicesQuery },
): Promise<{ data: InvoiceResponse[]; has_more: boolean }> {
  const { query } = opts;
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const filters: Prisma.InvoiceWhereInput = {
    ...scope,
    ...(query.status ? { status: query.status } : {}),
    ...(query.order_id ? { orderId: query.order_id } : {}),
    ...(query.created_gte || query.created_lt ? { createdAt: { gte: query.created_gte, lt: query.created_lt } } : {}),
  };
  const page = await paginate(
    query,
    (id) => db.invoice.findFirst({ where: { id, ...scope }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      db.invoice.findMany({
        where: cursor ? { AND: [filters, cursor] } : filters,
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        include: invoiceRecordInclude,
      }),
  );
  const heights = await loadCursorHeights(db);
  return { data: page.data.map((record) => serializeInvoice(record, heights)), has_more: page.has_more };
}
