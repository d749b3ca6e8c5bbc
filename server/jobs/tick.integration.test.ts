import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { POST as createEndpointRoute } from "@/app/api/v1/webhook_endpoints/route";
import { db } from "@/server/db";
import {
  apiRequest,
  createTestMerchant,
  mine,
  params,
  pay,
  startWebhookReceiver,
  webhookHeaders,
} from "@/test/fixtures";
import { tick } from "./tick";

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

async function newInvoice(key: string, body: Record<string, unknown>) {
  const res = await createInvoiceRoute(apiRequest("POST", "/api/v1/invoices", { key, body }), params({}));
  expect(res.status).toBe(201);
  return res.json() as Promise<{ id: string; payment_options: { address: Address }[] }>;
}

async function invoiceRow(id: string) {
  return db().invoice.findUniqueOrThrow({ where: { id }, include: { payments: true } });
}

describe("the tick, on real devnets", () => {
  let key: string;
  let receiver: Receiver;
  let secret: string;

  beforeAll(async () => {
    ({ key } = await createTestMerchant());
    receiver = await startWebhookReceiver();
    const res = await createEndpointRoute(
      apiRequest("POST", "/api/v1/webhook_endpoints", { key, body: { url: receiver.url, events: ["*"] } }),
      params({}),
    );
    secret = (await res.json()).secret;
    // Bring the cursors to the heads so each test scans only its own blocks.
    await tick(db(), { owner: "setup" });
  });
  afterAll(() => receiver.close());

  it("moves a USDC invoice created → pending → paid at the third confirmation and delivers verifiable webhooks", async () => {
    const invoice = await newInvoice(key, { amount: "25.00", currency: "USDC", order_id: "order-42" });
    const address = invoice.payment_options[0]!.address;
    const { hash } = await pay({ network: "devnet", asset: "USDC", to: address, amount: 25_000_000n });

    await tick(db(), { owner: "w1" });
    let row = await invoiceRow(invoice.id);
    expect(row.status).toBe("pending");
    expect(row.payments).toHaveLength(1);
    expect(row.payments[0]).toMatchObject({
      networkId: "devnet",
      asset: "USDC",
      txHash: hash.toLowerCase(),
      status: "pending",
      toAddress: address.toLowerCase(),
    });
    expect(row.payments[0]!.amount.toFixed(0)).toBe("25000000");

    await mine("devnet", 1); // 2 confirmations: not yet
    await tick(db(), { owner: "w1" });
    expect((await invoiceRow(invoice.id)).status).toBe("pending");

    await mine("devnet", 1); // 3 confirmations
    await tick(db(), { owner: "w1" });
    row = await invoiceRow(invoice.id);
    expect(row.status).toBe("paid");
    expect(row.amountPaid.toFixed(0)).toBe("25000000");
    expect(row.paidAt).not.toBeNull();
    expect(row.payments[0]!.status).toBe("confirmed");

    const events = await db().event.findMany({ where: { invoiceId: invoice.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => [e.sequence, e.type])).toEqual([
      [1, "invoice.created"],
      [2, "payment.detected"],
      [3, "invoice.pending"],
      [4, "payment.confirmed"],
      [5, "invoice.paid"],
    ]);
    const paidEvent = events[4]!;
    expect(paidEvent.data).toMatchObject({
      object: { id: invoice.id, status: "paid", amount_paid: "25.00", amount_due: "0.00" },
      previous_attributes: { status: "pending", amount_paid: "0.00" },
    });

    // Deliveries went out in the ticks above; each verifies with the standardwebhooks library.
    // Deliveries run concurrently, so arrival order is not event order: receivers use `sequence`.
    const mine_ = receiver.received
      .filter((r) => JSON.parse(r.body).data.object.id === invoice.id)
      .sort((a, b) => JSON.parse(a.body).sequence - JSON.parse(b.body).sequence);
    expect(mine_.map((r) => JSON.parse(r.body).type)).toEqual([
      "invoice.created",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.paid",
    ]);
    const wh = new Webhook(secret);
    for (const r of mine_) {
      const headers = webhookHeaders(r);
      const verified = wh.verify(r.body, headers) as { id: string };
      expect(verified.id).toBe(headers["webhook-id"]);
      expect(() => wh.verify(r.body.replace("invoice", "invoicE"), headers)).toThrow();
    }
    const paid = mine_.find((r) => JSON.parse(r.body).type === "invoice.paid")!;
    expect(paid.headers["webhook-id"]).toBe(paidEvent.id);
    expect(JSON.parse(paid.body)).toMatchObject({
      id: paidEvent.id,
      object: "event",
      type: "invoice.paid",
      livemode: false,
      sequence: 5,
      data: { object: { order_id: "order-42", status: "paid" } },
    });
  });

  it("detects native ETH on the second devnet", async () => {
    const invoice = await newInvoice(key, {
      amount: "0.5",
      currency: "ETH",
      payment_methods: [{ network: "devnet-b", asset: "ETH" }],
    });
    await pay({
      network: "devnet-b",
      asset: "ETH",
      to: invoice.payment_options[0]!.address,
      amount: 500_000_000_000_000_000n,
    });
    await mine("devnet-b", 2);
    await tick(db(), { owner: "w1" });
    const row = await invoiceRow(invoice.id);
    expect(row.status).toBe("paid");
    expect(row.payments).toHaveLength(1);
    expect(row.payments[0]).toMatchObject({ networkId: "devnet-b", asset: "ETH", logIndex: -1, status: "confirmed" });
  });

  it("two ticks at once and a rescan of the same blocks record one payment, credited once", async () => {
    const invoice = await newInvoice(key, {
      amount: "7.00",
      currency: "USDT",
      payment_methods: [{ network: "devnet", asset: "USDT" }],
    });
    const { blockNumber } = await pay({
      network: "devnet",
      asset: "USDT",
      to: invoice.payment_options[0]!.address,
      amount: 7_000_000n,
      accountIndex: 2,
    });
    await mine("devnet", 2);
    await Promise.all([tick(db(), { owner: "a" }), tick(db(), { owner: "b" }), tick(db(), { owner: "c" })]);
    await tick(db(), { owner: "a" });

    // Rewind the cursor behind the payment's block and scan again.
    await db().networkCursor.update({ where: { networkId: "devnet" }, data: { leaseOwner: null, leaseUntil: null } });
    const hashRow = await db().blockHash.findUniqueOrThrow({
      where: { networkId_number: { networkId: "devnet", number: blockNumber - 1n } },
    });
    await db().networkCursor.update({
      where: { networkId: "devnet" },
      data: { blockNumber: blockNumber - 1n, blockHash: hashRow.hash },
    });
    await tick(db(), { owner: "d" });

    const row = await invoiceRow(invoice.id);
    expect(row.payments).toHaveLength(1);
    expect(row.status).toBe("paid");
    expect(row.amountPaid.toFixed(0)).toBe("7000000");
    const types = (await db().event.findMany({ where: { invoiceId: invoice.id }, orderBy: { sequence: "asc" } })).map(
      (e) => e.type,
    );
    expect(types).toEqual([
      "invoice.created",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.paid",
    ]);
  });

  it("expires an unpaid invoice once its time is up", async () => {
    const invoice = await newInvoice(key, { amount: "3.00", currency: "USDC", expires_in: 60 });
    await tick(db(), { owner: "w1", now: () => new Date(Date.now() + 61_000) });
    const row = await invoiceRow(invoice.id);
    expect(row.status).toBe("expired");
    expect(row.expiredAt).not.toBeNull();
  });
});

describe("webhook delivery retries", () => {
  it("retries a failed delivery on the schedule and records every attempt", async () => {
    const { key } = await createTestMerchant();
    const answers = [500, 503, 200];
    const receiver = await startWebhookReceiver(() => answers.shift() ?? 200);
    try {
      const res = await createEndpointRoute(
        apiRequest("POST", "/api/v1/webhook_endpoints", {
          key,
          body: { url: receiver.url, events: ["invoice.created"] },
        }),
        params({}),
      );
      const endpoint = await res.json();
      const invoice = await newInvoice(key, { amount: "1.00", currency: "USDC" });
      const delivery = async () =>
        db().webhookDelivery.findFirstOrThrow({
          where: { endpointId: endpoint.id },
          include: { attempts: { orderBy: { attemptedAt: "asc" } } },
        });

      const t0 = Date.now();
      await tick(db(), { owner: "w1", now: () => new Date(t0) });
      let d = await delivery();
      expect(d).toMatchObject({ status: "pending", attemptCount: 1 });
      expect(d.attempts.map((a) => a.statusCode)).toEqual([500]);
      // The schedule in tests is 1 s between attempts (WEBHOOK_RETRY_SCHEDULE=1,1,1), ±10% jitter.
      expect(d.nextAttemptAt!.getTime() - t0).toBeGreaterThanOrEqual(900);
      expect(d.nextAttemptAt!.getTime() - t0).toBeLessThanOrEqual(1100);

      await tick(db(), { owner: "w1", now: () => new Date(t0 + 500) }); // not due yet
      expect((await delivery()).attemptCount).toBe(1);

      await tick(db(), { owner: "w1", now: () => new Date(t0 + 1200) });
      await tick(db(), { owner: "w1", now: () => new Date(t0 + 2400) });
      d = await delivery();
      expect(d).toMatchObject({ status: "succeeded", attemptCount: 3, nextAttemptAt: null });
      expect(d.attempts.map((a) => [a.statusCode, a.responseBody])).toEqual([
        [500, null],
        [503, null],
        [200, null],
      ]);
      // Every attempt carried the same event id, so the receiver can dedupe.
      const ids = receiver.received.map((r) => r.headers["webhook-id"]);
      expect(new Set(ids)).toEqual(new Set([d.eventId]));
      expect(ids).toHaveLength(3);
      expect(JSON.parse(receiver.received[0]!.body).data.object.id).toBe(invoice.id);
    } finally {
      await receiver.close();
    }
  });

  it("gives up after the last scheduled attempt and marks the delivery failed", async () => {
    const { key } = await createTestMerchant();
    const receiver = await startWebhookReceiver(() => 500);
    try {
      const res = await createEndpointRoute(
        apiRequest("POST", "/api/v1/webhook_endpoints", {
          key,
          body: { url: receiver.url, events: ["invoice.created"] },
        }),
        params({}),
      );
      const endpoint = await res.json();
      await newInvoice(key, { amount: "1.00", currency: "USDC" });
      const t0 = Date.now();
      for (let i = 0; i < 6; i++) await tick(db(), { owner: "w1", now: () => new Date(t0 + i * 1500) });
      const d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
      expect(d).toMatchObject({ status: "failed", attemptCount: 4, nextAttemptAt: null });
      expect(receiver.received).toHaveLength(4);
    } finally {
      await receiver.close();
    }
  });
});
