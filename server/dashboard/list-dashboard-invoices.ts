import type { DbClient } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { paginate } from "../api/pagination";
import type { InvoiceStatus, ReviewReason } from "../invoices/invoice.schema";
import { formatDecimal, toBigInt } from "../money";
import type { DashboardInvoicesQuery } from "./list-dashboard-invoices.schema";

/** A row of the invoice table: what a person scans, not the whole invoice object. */
export interface InvoiceRow {
  id: string;
  status: InvoiceStatus;
  reviewReason: ReviewReason | null;
  amount: string;
  amountPaid: string;
  currency: string;
  orderId: string | null;
  description: string | null;
  address: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** What a search string can be: an invoice id, a transaction hash, an address, or else an order id. */
export function searchWhere(search: string): Prisma.InvoiceWhereInput {
  if (/^inv_[0-9A-Za-z]{1,40}$/.test(search)) return { id: search };
  if (/^0x[0-9a-fA-F]{64}$/.test(search)) return { payments: { some: { txHash: search.toLowerCase() } } };
  if (/^0x[0-9a-fA-F]{40}$/.test(search)) {
    const address = search.toLowerCase();
    return { OR: [{ depositAddress: { address } }, { payments: { some: { fromAddress: { equals: address, mode: "insensitive" } } } }] };
  }
  return { orderId: { startsWith: search } };
}

/**
 * One page of the merchant's invoices in one mode for the dashboard table, newest first, filtered by
 * status, search and creation date. Like the API's list (server/invoices/list-invoices.ts) plus the
 * search; a cursor must be one of the merchant's invoices in that mode (else 404).
 */
export async function listDashboardInvoices(
  tx: DbClient,
  opts: { merchantId: string; livemode: boolean; query: DashboardInvoicesQuery },
): Promise<{ data: InvoiceRow[]; has_more: boolean }> {
  const { query } = opts;
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const filters: Prisma.InvoiceWhereInput[] = [scope];
  if (query.status) filters.push({ status: query.status });
  if (query.search) filters.push(searchWhere(query.search));
  if (query.createdFrom || query.createdTo) filters.push({ createdAt: { gte: query.createdFrom, lt: query.createdTo } });
  const page = await paginate(
    query,
    (id) => tx.invoice.findFirst({ where: { id, ...scope }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.invoice.findMany({
        where: { AND: cursor ? [...filters, cursor] : filters },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: {
          id: true, status: true, reviewReason: true, amount: true, amountPaid: true, currency: true, currencyDecimals: true,
          orderId: true, description: true, createdAt: true, expiresAt: true, depositAddress: { select: { address: true } },
        },
      }),
  );
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
