import type { DbClient } from "../db";
import { paginate, type ListCursor, type ListParams } from "../db/pagination";
import type { Prisma } from "../generated/prisma/client";
import { formatDecimal, toBigInt } from "../money";
import { invoiceRecordInclude, loadCursorHeights } from "./invoice-record";
import type { InvoiceResponse, InvoiceStatus } from "./invoice.schema";
import type { InvoiceRow, InvoiceTableQuery, ListInvoicesQuery } from "./list-invoices.schema";
import { serializeInvoice } from "./serialize-invoice";

/** What an invoice list can be narrowed by, for the API and the dashboard alike. */
export interface InvoiceFilters {
  status?: InvoiceStatus;
  /** Exactly this order id. */
  orderId?: string;
  /** An invoice id, a transaction hash, a deposit or payer address, or else the beginning of an order id. */
  search?: string;
  /** Created at or after (inclusive). */
  createdFrom?: Date;
  /** Created before (exclusive). */
  createdTo?: Date;
}

/** What a search string can be: an invoice id, a transaction hash, an address, or else an order id. */
export function searchWhere(search: string): Prisma.InvoiceWhereInput {
  if (/^inv_[0-9A-Za-z]{1,40}$/.test(search)) return { id: search };
  if (/^0x[0-9a-fA-F]{64}$/.test(search)) return { payments: { some: { txHash: search.toLowerCase() } } };
  if (/^0x[0-9a-fA-F]{40}$/.test(search)) {
    const address = search.toLowerCase();
    return {
      OR: [
        { depositAddress: { address } },
        { payments: { some: { fromAddress: { equals: address, mode: "insensitive" } } } },
      ],
    };
  }
  return { orderId: { startsWith: search } };
}

/** The one where-clause of an invoice list: the merchant and mode, and each filter given. */
export function invoiceFilterWhere(
  scope: { merchantId: string; livemode: boolean },
  filters: InvoiceFilters,
): Prisma.InvoiceWhereInput[] {
  const where: Prisma.InvoiceWhereInput[] = [scope];
  if (filters.status) where.push({ status: filters.status });
  if (filters.orderId) where.push({ orderId: filters.orderId });
  if (filters.search) where.push(searchWhere(filters.search));
  if (filters.createdFrom || filters.createdTo)
    where.push({ createdAt: { gte: filters.createdFrom, lt: filters.createdTo } });
  return where;
}

/** The query of one page of invoices, for `fetch` to run with what it loads of each. */
type InvoicePageQuery = {
  where: Prisma.InvoiceWhereInput;
  orderBy: Prisma.InvoiceOrderByWithRelationInput[];
  take: number;
};

/**
 * One page of the merchant's invoices in one mode, newest first, filtered; `fetch` runs the query with
 * what it loads of each. A cursor must be one of the merchant's invoices in that mode (else 404); it
 * need not match the filters.
 */
function findInvoicePage<T extends ListCursor>(
  db: DbClient,
  opts: {
    merchantId: string;
    livemode: boolean;
    filters: InvoiceFilters;
    params: ListParams;
    fetch: (query: InvoicePageQuery) => Promise<T[]>;
  },
): Promise<{ data: T[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const where = invoiceFilterWhere(scope, opts.filters);
  return paginate(
    opts.params,
    (id) => db.invoice.findFirst({ where: { id, ...scope }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      opts.fetch({
        where: { AND: cursor ? [...where, cursor] : where },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
      }),
  );
}

/**
 * One page of the merchant's invoices in one mode as the API returns them, newest first, filtered by
 * status, order id and creation time (`created_gte` inclusive, `created_lt` exclusive). A cursor must
 * be one of the merchant's invoices in that mode (else 404); it need not match the filters.
 */
export async function listInvoices(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListInvoicesQuery },
): Promise<{ data: InvoiceResponse[]; has_more: boolean }> {
  const { query } = opts;
  const filters = {
    status: query.status,
    orderId: query.order_id,
    createdFrom: query.created_gte,
    createdTo: query.created_lt,
  };
  const page = await findInvoicePage(db, {
    ...opts,
    filters,
    params: query,
    fetch: (q) => db.invoice.findMany({ ...q, include: invoiceRecordInclude }),
  });
  const heights = await loadCursorHeights(db);
  return { data: page.data.map((record) => serializeInvoice(record, heights)), has_more: page.has_more };
}

const invoiceRowSelect = {
  id: true,
  status: true,
  reviewReason: true,
  amount: true,
  amountPaid: true,
  currency: true,
  currencyDecimals: true,
  orderId: true,
  description: true,
  createdAt: true,
  expiresAt: true,
  depositAddress: { select: { address: true } },
} satisfies Prisma.InvoiceSelect;

/**
 * One page of the dashboard's invoice table: the same list and filters as the API's, plus the free-text
 * search, each invoice as a table row.
 */
export async function listInvoiceRows(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: InvoiceTableQuery },
): Promise<{ data: InvoiceRow[]; has_more: boolean }> {
  const { query } = opts;
  const filters = {
    status: query.status,
    search: query.search,
    createdFrom: query.createdFrom,
    createdTo: query.createdTo,
  };
  const page = await findInvoicePage(db, {
    ...opts,
    filters,
    params: query,
    fetch: (q) => db.invoice.findMany({ ...q, select: invoiceRowSelect }),
  });
  return {
    has_more: page.has_more,
    data: page.data.map((r) => ({
      id: r.id,
      status: r.status,
      reviewReason: r.reviewReason,
      amount: formatDecimal(toBigInt(r.amount), r.currencyDecimals, 2),
      amountPaid: formatDecimal(toBigInt(r.amountPaid), r.currencyDecimals, 2),
      currency: r.currency,
      orderId: r.orderId,
      description: r.description,
      address: r.depositAddress?.address ?? null,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
    })),
  };
}
