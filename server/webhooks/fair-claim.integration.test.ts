// Issue 16, item 12: the webhook queue is fair per merchant. One merchant's backlog of due deliveries
// (older than everyone else's) cannot fill every claim: merchants take turns, oldest first within a turn.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { newId } from "@/server/ids";
import { createTestMerchant } from "@/test/fixtures";
import { claimDueDeliveries } from "./claim-due-deliveries";

// A clock in the past: only this file's deliveries are due at it, whatever else the shared database holds.
const T0 = Date.parse("2001-02-03T00:00:00Z");

/** A merchant with one endpoint and `count` due deliveries, the i-th due at T0 + offsetS + i seconds. */
async function backlog(count: number, offsetS: number): Promise<string[]> {
  const { merchantId } = await createTestMerchant();
  const endpointId = newId("we");
  await db().webhookEndpoint.create({
    data: {
      id: endpointId,
      merchantId,
      livemode: false,
      url: "https://93.184.215.14/hook",
      events: ["*"],
      secretEncrypted: "unused",
    },
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const eventId = newId("evt");
    await db().event.create({ data: { id: eventId, merchantId, livemode: false, type: "invoice.paid", data: {} } });
    const id = newId("wd");
    await db().webhookDelivery.create({
      data: { id, eventId, endpointId, nextAttemptAt: new Date(T0 + (offsetS + i) * 1000) },
    });
    ids.push(id);
  }
  return ids;
}

describe("fair webhook claims", () => {
  it("takes merchants in turns: a 40-delivery backlog does not starve two merchants whose deliveries are newer", async () => {
    const a = await backlog(40, 0); // the noisy merchant: everything older than the others'
    const b = await backlog(1, 3600);
    const c = await backlog(2, 7200);
    const now = new Date(T0 + 86_400_000);

    const first = await claimDueDeliveries(db(), { now, limit: 5, claimMs: 60_000 });
    // Turn 1: a[0], b[0], c[0]; turn 2: a[1], c[1]. Oldest first within a turn.
    expect(first.map((d) => d.id)).toEqual(expect.arrayContaining([a[0], b[0], c[0], a[1], c[1]]));
    expect(first).toHaveLength(5);

    // The next claim has only the noisy merchant's left, oldest first.
    const second = await claimDueDeliveries(db(), { now, limit: 5, claimMs: 60_000 });
    expect(second.map((d) => d.id).sort()).toEqual(a.slice(2, 7).sort());
  });
});
