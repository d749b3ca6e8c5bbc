import type { DbClient } from "../db";
import type { Prisma } from "../generated/prisma/client";

/** What serializing an invoice needs from the database, loaded in one query. */
export const invoiceRecordInclude = {
  merchant: { select: { name: true, supportEmail: true } },
  paymentOptions: { orderBy: { position: "asc" } },
  depositAddress: { select: { address: true } },
  payments: { orderBy: [{ detectedAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.InvoiceInclude;

export type InvoiceRecord = Prisma.InvoiceGetPayload<{ include: typeof invoiceRecordInclude }>;

/** The invoice with everything its public object shows, or null. */
export async function findInvoiceRecord(tx: DbClient, where: Prisma.InvoiceWhereInput): Promise<InvoiceRecord | null> {
  return tx.invoice.findFirst({ where, include: invoiceRecordInclude });
}

/** The last scanned block of each network, which payments' confirmation counts are measured against. */
export async function loadCursorHeights(tx: DbClient): Promise<Map<string, bigint>> {
  const rows = await tx.networkCursor.findMany({ select: { networkId: true, blockNumber: true } });
  return new Map(rows.flatMap((r) => (r.blockNumber === null ? [] : [[r.networkId, r.blockNumber] as const])));
}
