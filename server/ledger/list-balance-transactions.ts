import type { DbClient } from "../db";
import { paginate } from "../db/pagination";
import type { Prisma } from "../generated/prisma/client";
import { toBigInt } from "../money";
import { availableAccountPrefix, serializeBalanceTransaction, type BalanceTransactionRow } from "./balance-transaction";
import type { BalanceTransactionResponse, ListBalanceTransactionsQuery } from "./balance.schema";
import { AppError } from "../errors";

const select = {
  id: true,
  livemode: true,
  type: true,
  status: true,
  networkId: true,
  asset: true,
  decimals: true,
  amount: true,
  debitAccountId: true,
  creditAccountId: true,
  sourceId: true,
  invoiceId: true,
  txHash: true,
  blockNumber: true,
  description: true,
  createdAt: true,
  postedAt: true,
  voidedAt: true,
} satisfies Prisma.LedgerTransferSelect;

type Selected = Prisma.LedgerTransferGetPayload<{ select: typeof select }>;

/** The where-clause of a merchant's balance transactions: transfers that move its available balance. */
function scopeWhere(merchantId: string, livemode: boolean): Prisma.LedgerTransferWhereInput {
  const prefix = availableAccountPrefix(merchantId);
  return {
    merchantId,
    livemode,
    OR: [{ creditAccountId: { startsWith: prefix } }, { debitAccountId: { startsWith: prefix } }],
  };
}

/** Attach the invoices' order ids (one query for the page) and convert amounts. */
async function toRows(db: DbClient, transfers: Selected[]): Promise<BalanceTransactionRow[]> {
  const invoiceIds = [...new Set(transfers.map((t) => t.invoiceId).filter((id): id is string => id !== null))];
  const invoices = invoiceIds.length
    ? await db.invoice.findMany({ where: { id: { in: invoiceIds } }, select: { id: true, orderId: true } })
    : [];
  const orderIds = new Map(invoices.map((i) => [i.id, i.orderId]));
  return transfers.map((t) => ({
    ...t,
    amount: toBigInt(t.amount),
    orderId: t.invoiceId ? (orderIds.get(t.invoiceId) ?? null) : null,
  }));
}

/**
 * One page of the merchant's balance transactions in one mode, newest first (ties by id), filtered by
 * type, network, asset, source and creation time (`created_gte` inclusive, `created_lt` exclusive). A
 * cursor must be one of the merchant's balance transactions (else 404); it need not match the filters.
 */
export async function listBalanceTransactions(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListBalanceTransactionsQuery },
): Promise<{ data: BalanceTransactionResponse[]; has_more: boolean }> {
  const { query } = opts;
  const scope = scopeWhere(opts.merchantId, opts.livemode);
  const where: Prisma.LedgerTransferWhereInput[] = [scope];
  if (query.type) where.push({ type: query.type });
  if (query.network) where.push({ networkId: query.network });
  if (query.asset) where.push({ asset: query.asset.toUpperCase() });
  if (query.source) where.push({ sourceId: query.source });
  if (query.created_gte || query.created_lt)
    where.push({ createdAt: { gte: query.created_gte, lt: query.created_lt } });
  const page = await paginate(
    query,
    (id) => db.ledgerTransfer.findFirst({ where: { id, ...scope }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      db.ledgerTransfer.findMany({
        where: { AND: cursor ? [...where, cursor] : where },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select,
      }),
  );
  const rows = await toRows(db, page.data);
  return { data: rows.map((r) => serializeBalanceTransaction(r, opts.merchantId)), has_more: page.has_more };
}

/** One of the merchant's balance transactions; another merchant's or mode's is a 404. */
export async function getBalanceTransactionOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<BalanceTransactionResponse> {
  const transfer = await db.ledgerTransfer.findFirst({
    where: { id: opts.id, ...scopeWhere(opts.merchantId, opts.livemode) },
    select,
  });
  if (!transfer) throw new AppError("resource_missing", `No such balance transaction: '${opts.id}'.`, { param: "id" });
  const [row] = await toRows(db, [transfer]);
  return serializeBalanceTransaction(row!, opts.merchantId);
}
