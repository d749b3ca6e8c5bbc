import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { findInvoiceRecord, loadCursorHeights } from "../invoices/invoice-record";
import type { InvoiceResponse } from "../invoices/invoice.schema";
import { serializeInvoice } from "../invoices/serialize-invoice";
import { memoInTransaction } from "../tx-memo";
import type { EventType } from "./event-types";

/**
 * Write an invoice event and one pending delivery per subscribed, enabled endpoint. Must run in the
 * transaction of the state change it records (the outbox): both commit, or neither. The event holds
 * the invoice as it is now in that transaction, `previous_attributes`, and the raw `cause`.
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
  const record = await findInvoiceRecord(tx, { id: opts.invoiceId });
  if (!record) throw new Error(`invoice ${opts.invoiceId} vanished inside its own transaction`);
  // The cursors move only at the end of a scan's transaction, after its events: one read serves all.
  const object = serializeInvoice(record, await memoInTransaction(tx, "cursor-heights", () => loadCursorHeights(tx)));
  const data: Record<string, unknown> = { object };
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
