import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { invoiceRecordInclude, loadCursorHeights } from "../invoices/invoice-record";
import { toBigInt } from "../money";
import type { InvoiceResponse } from "../invoices/invoice.schema";
import { serializeInvoice } from "../invoices/serialize-invoice";
import { memoInTransaction } from "../tx-memo";
import type { EventType } from "./event-types";

/** Most payments an event's invoice object lists (the latest ones). */
export const EVENT_PAYMENTS_LIMIT = 20;

/**
 * Write an invoice event and one pending delivery per subscribed, enabled endpoint. Must run in the
 * transaction of the state change it records (the outbox): both commit, or neither. The event holds
 * the invoice as it is now in that transaction, `previous_attributes`, and the raw `cause`. The object lists the
 * latest EVENT_PAYMENTS_LIMIT payments only (with `payments_omitted` beside it when there were more): an event costs
 * the same however many payments the invoice received, and its body stays small.
 */
export async function recordInvoiceEvent(
  tx: Tx,
  opts: {
    invoiceId: string;
    type: EventType;
    previousAttributes?: Partial<InvoiceResponse>;
    cause: Prisma.InputJsonValue;
  },
): Promise<{ eventId: string; sequence: number; deliveries: number }> {
  const bumped = await tx.invoice.update({
    where: { id: opts.invoiceId },
    data: { eventSequence: { increment: 1 } },
    select: { eventSequence: true, merchantId: true, livemode: true },
  });
  const record = await tx.invoice.findUnique({
    where: { id: opts.invoiceId },
    include: {
      ...invoiceRecordInclude,
      payments: {
        where: { dust: false },
        orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
        take: EVENT_PAYMENTS_LIMIT,
      },
    },
  });
  if (!record) throw new Error(`invoice ${opts.invoiceId} vanished inside its own transaction`);
  record.payments.reverse();
  let received: Map<string, bigint> | undefined;
  let omitted = 0;
  if (record.payments.length === EVENT_PAYMENTS_LIMIT) {
    // Possibly more than listed: count them and sum what is confirmed per option in the database instead.
    const groups = await tx.payment.groupBy({
      by: ["networkId", "asset", "status"],
      where: { invoiceId: opts.invoiceId, dust: false },
      _count: { _all: true },
      _sum: { amount: true },
    });
    omitted = groups.reduce((n, g) => n + g._count._all, 0) - record.payments.length;
    received = new Map(
      groups
        .filter((g) => g.status === "confirmed")
        .map((g) => [`${g.networkId}/${g.asset}`, g._sum.amount === null ? 0n : toBigInt(g._sum.amount)]),
    );
  }
  // The cursors move only at the end of a scan's transaction, after its events: one read serves all.
  const heights = await memoInTransaction(tx, "cursor-heights", () => loadCursorHeights(tx));
  const object = serializeInvoice(record, heights, received);
  const data: Record<string, unknown> = { object };
  if (omitted > 0) data.payments_omitted = omitted;
  if (opts.previousAttributes) data.previous_attributes = opts.previousAttributes;

  const { eventId, deliveries } = await writeEvent(tx, {
    merchantId: bumped.merchantId,
    livemode: bumped.livemode,
    type: opts.type,
    invoiceId: opts.invoiceId,
    sequence: bumped.eventSequence,
    data: data as Prisma.InputJsonObject,
    cause: opts.cause,
  });
  return { eventId, sequence: bumped.eventSequence, deliveries };
}

/**
 * Insert an event row and one pending delivery per subscribed endpoint, in the caller's transaction:
 * the one place events are written, for invoice events and merchant events alike.
 */
export async function writeEvent(
  tx: Tx,
  opts: {
    merchantId: string;
    livemode: boolean;
    type: EventType;
    invoiceId?: string;
    sequence?: number;
    data: Prisma.InputJsonObject;
    cause: Prisma.InputJsonValue;
    at?: Date;
  },
): Promise<{ eventId: string; deliveries: number }> {
  const eventId = newId("evt");
  await tx.event.create({
    data: {
      id: eventId,
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      type: opts.type,
      invoiceId: opts.invoiceId ?? null,
      sequence: opts.sequence ?? null,
      data: opts.data,
      cause: opts.cause,
      ...(opts.at ? { createdAt: opts.at } : {}),
    },
  });
  const deliveries = await enqueueDeliveries(tx, {
    eventId,
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    type: opts.type,
  });
  return { eventId, deliveries };
}

/** One pending delivery of the event to each enabled, undeleted endpoint of the merchant and mode that subscribes to its type. */
export async function enqueueDeliveries(
  tx: Tx,
  opts: { eventId: string; merchantId: string; livemode: boolean; type: string },
): Promise<number> {
  const subscribed = await memoInTransaction(tx, `endpoints:${opts.merchantId}:${opts.livemode}`, () =>
    tx.webhookEndpoint.findMany({
      where: { merchantId: opts.merchantId, livemode: opts.livemode, enabled: true, deletedAt: null },
      select: { id: true, events: true },
    }),
  );
  const endpoints = subscribed.filter((e) => e.events.includes("*") || e.events.includes(opts.type));
  if (endpoints.length === 0) return 0;
  const result = await tx.webhookDelivery.createMany({
    data: endpoints.map((e) => ({ id: newId("wd"), eventId: opts.eventId, endpointId: e.id })),
    skipDuplicates: true,
  });
  return result.count;
}
