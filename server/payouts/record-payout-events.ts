import type { Tx } from "../db";
import type { Payout, Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import type { EventType } from "../webhooks/event-types";
import { serializePayout } from "./serialize-payout";

/**
 * One `type` event per payout (its object as it is now) and their pending deliveries to every enabled endpoint
 * of the merchant and mode subscribed to the type, in the caller's transaction (the outbox): three statements
 * whatever the number of payouts, so a 1,000-item batch fits the sender's confirmation transaction. The same rows
 * writeEvent (server/webhooks/record-event.ts) writes one at a time. All payouts are of one merchant and mode.
 */
export async function recordPayoutEvents(
  tx: Tx,
  payouts: readonly Payout[],
  opts: { type: EventType; cause: (p: Payout) => Prisma.InputJsonValue; at: Date },
): Promise<void> {
  const first = payouts[0];
  if (!first) return;
  const events = payouts.map((p) => ({
    id: newId("evt"),
    merchantId: p.merchantId,
    livemode: p.livemode,
    type: opts.type,
    data: { object: serializePayout(p) } as unknown as Prisma.InputJsonObject,
    cause: opts.cause(p),
    createdAt: opts.at,
  }));
  // One statement from one JSON parameter (Prisma's createMany binds every column of every row).
  await tx.$executeRawUnsafe(
    `INSERT INTO events (id, merchant_id, livemode, type, data, cause, created_at)
     SELECT e.id, e.merchant_id, e.livemode, e.type, e.data, e.cause, e.created_at::timestamp
       FROM jsonb_to_recordset($1::jsonb) AS e(id text, merchant_id text, livemode boolean, type text, data jsonb, cause jsonb,
                                              created_at text)`,
    JSON.stringify(
      events.map((e) => ({
        id: e.id,
        merchant_id: e.merchantId,
        livemode: e.livemode,
        type: e.type,
        data: e.data,
        cause: e.cause,
        created_at: e.createdAt.toISOString(),
      })),
    ),
  );
  const endpoints = (
    await tx.webhookEndpoint.findMany({
      where: { merchantId: first.merchantId, livemode: first.livemode, enabled: true, deletedAt: null },
      select: { id: true, events: true },
    })
  ).filter((e) => e.events.includes("*") || e.events.includes(opts.type));
  if (endpoints.length === 0) return;
  await tx.webhookDelivery.createMany({
    data: events.flatMap((e) =>
      endpoints.map((endpoint) => ({ id: newId("wd"), eventId: e.id, endpointId: endpoint.id })),
    ),
    skipDuplicates: true,
  });
}
