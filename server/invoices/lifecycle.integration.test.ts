import { beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { POST as cancelRoute } from "@/app/api/v1/invoices/[id]/cancel/route";
import { POST as resolveRoute } from "@/app/api/v1/invoices/[id]/resolve/route";
import { GET as getRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as createRoute } from "@/app/api/v1/invoices/route";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";

// Each edge case end to end: an invoice through the API, real payments on the anvil devnets, the
// real tick, and the invoice read back through the API.

let key: string;
let merchantId: string;

async function create(body: Record<string, unknown>, apiKey = key): Promise<InvoiceResponse> {
  const res = await createRoute(apiRequest("POST", "/api/v1/invoices", { key: apiKey, body }), params({}));
  expect(res.status).toBe(201);
  return res.json();
}

async function get(id: string, apiKey = key): Promise<InvoiceResponse> {
  return (await getRoute(apiRequest("GET", `/api/v1/invoices/${id}`, { key: apiKey }), params({ id }))).json();
}

const addressOf = (invoice: InvoiceResponse) => invoice.payment_options[0]!.address as Address;

/** Mine enough blocks on both devnets for every payment so far to reach 3 confirmations, and run the tick. */
async function settle(now?: Date): Promise<void> {
  await mine("devnet", 2);
  await mine("devnet-b", 2);
  await tick(db(), { owner: "lifecycle", now: now ? () => now : undefined });
}

async function eventTypes(id: string): Promise<string[]> {
  return (await db().event.findMany({ where: { invoiceId: id }, orderBy: { sequence: "asc" } })).map((e) => e.type);
}

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  await tick(db(), { owner: "lifecycle" });
});

describe("invoice lifecycle on real chains", () => {
  it("a partial payment shows the remainder; paying the rest before expiry makes it paid", async () => {
    const invoice = await create({ amount: "25.00", currency: "USDC" });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 10_000_000n });
    await settle();
    expect(await get(invoice.id)).toMatchObject({
      status: "partially_paid",
      amount_paid: "10.00",
      amount_due: "15.00",
      review_reason: null,
    });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 15_000_000n });
    await settle();
    const paid = await get(invoice.id);
    expect(paid).toMatchObject({ status: "paid", amount_paid: "25.00", amount_due: "0.00", amount_overpaid: "0.00" });
    expect(paid.payments.map((p) => [p.amount, p.status])).toEqual([
      ["10.00", "confirmed"],
      ["15.00", "confirmed"],
    ]);
    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.partially_paid",
      "payment.detected",
      "payment.confirmed",
      "invoice.paid",
    ]);
    await expectMatched(merchantId);
  });

  it("several payments on both networks that together reach the amount make it paid", async () => {
    const invoice = await create({ amount: "9.00", currency: "USDT" });
    await pay({ network: "devnet", asset: "USDT", to: addressOf(invoice), amount: 3_000_000n });
    await pay({ network: "devnet-b", asset: "USDT", to: addressOf(invoice), amount: 3_000_000n });
    await pay({ network: "devnet", asset: "USDT", to: addressOf(invoice), amount: 3_000_000n, accountIndex: 2 });
    await settle();
    expect(await get(invoice.id)).toMatchObject({ status: "paid", amount_paid: "9.00", amount_overpaid: "0.00" });
    await expectMatched(merchantId);
  });

  it("an overpayment beyond tolerance goes to review with the exact excess", async () => {
    const invoice = await create({ amount: "5.00", currency: "USDC" });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 5_000_001n });
    await settle();
    expect(await get(invoice.id)).toMatchObject({
      status: "review_required",
      review_reason: "overpaid",
      amount_paid: "5.000001",
      amount_overpaid: "0.000001",
      amount_due: "0.00",
    });
    await expectMatched(merchantId);
  });

  it("underpaid at expiry goes to review; nothing paid at expiry expires", async () => {
    const short = await create({ amount: "5.00", currency: "USDC", expires_in: 60 });
    const empty = await create({ amount: "5.00", currency: "USDC", expires_in: 60 });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(short), amount: 4_000_000n });
    await settle();
    expect((await get(short.id)).status).toBe("partially_paid");
    await tick(db(), { owner: "lifecycle", now: () => new Date(Date.now() + 61_000) });
    expect(await get(short.id)).toMatchObject({
      status: "review_required",
      review_reason: "underpaid",
      amount_paid: "4.00",
      amount_due: "1.00",
    });
    expect(await get(empty.id)).toMatchObject({ status: "expired", amount_paid: "0.00" });
    await expectMatched(merchantId);
  });

  it("a payment after expiry, within the monitoring window, is a late payment", async () => {
    const invoice = await create({ amount: "2.00", currency: "USDC", expires_in: 60 });
    const later = new Date(Date.now() + 3600_000);
    await tick(db(), { owner: "lifecycle", now: () => later });
    expect((await get(invoice.id)).status).toBe("expired");
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 2_000_000n });
    await settle(later);
    // Received, and shown as such, but not credited automatically: the merchant decides.
    expect(await get(invoice.id)).toMatchObject({
      status: "review_required",
      review_reason: "late_payment",
      amount_paid: "2.00",
    });
    expect((await get(invoice.id)).payments).toHaveLength(1);
    await expectMatched(merchantId);
  });

  it("a payment to a cancelled invoice is a late payment", async () => {
    const invoice = await create({ amount: "2.00", currency: "USDC" });
    expect(
      (
        await cancelRoute(
          apiRequest("POST", `/api/v1/invoices/${invoice.id}/cancel`, { key }),
          params({ id: invoice.id }),
        )
      ).status,
    ).toBe(200);
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 2_000_000n });
    await settle();
    expect(await get(invoice.id)).toMatchObject({
      status: "review_required",
      review_reason: "late_payment",
      amount_paid: "2.00",
    });
    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "invoice.cancelled",
      "payment.detected",
      "invoice.review_required",
      "payment.confirmed",
    ]);
    await expectMatched(merchantId);
  });

  it("another enabled asset to the invoice's address is wrong_asset; another enabled network is wrong_network", async () => {
    const asset = await create({ amount: "3.00", currency: "USDC" });
    await pay({ network: "devnet", asset: "USDT", to: addressOf(asset), amount: 3_000_000n });
    await settle();
    expect(await get(asset.id)).toMatchObject({
      status: "review_required",
      review_reason: "wrong_asset",
      amount_paid: "0.00",
    });

    const network = await create({
      amount: "3.00",
      currency: "USDC",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    });
    await pay({ network: "devnet-b", asset: "USDC", to: addressOf(network), amount: 3_000_000n });
    await settle();
    expect(await get(network.id)).toMatchObject({
      status: "review_required",
      review_reason: "wrong_network",
      amount_paid: "0.00",
    });
    expect((await get(network.id)).payments.map((p) => [p.network, p.asset, p.amount])).toEqual([
      ["devnet-b", "USDC", "3.00"],
    ]);
    await expectMatched(merchantId);
  });

  it("a second payment to a paid invoice is recorded, never credited twice, and goes to review beyond tolerance", async () => {
    const invoice = await create({ amount: "4.00", currency: "ETH" });
    const to = addressOf(invoice);
    await pay({ network: "devnet", asset: "ETH", to, amount: 4n * 10n ** 18n });
    await settle();
    expect(await get(invoice.id)).toMatchObject({ status: "paid", amount_paid: "4.00" });
    await pay({ network: "devnet", asset: "ETH", to, amount: 10n ** 17n });
    await settle();
    const after = await get(invoice.id);
    expect(after).toMatchObject({
      status: "review_required",
      review_reason: "overpaid",
      amount_paid: "4.10",
      amount_overpaid: "0.10",
    });
    expect(after.payments).toHaveLength(2);
    // Scanning again changes nothing.
    await settle();
    expect((await get(invoice.id)).amount_paid).toBe("4.10");
    expect(await db().payment.count({ where: { invoiceId: invoice.id } })).toBe(2);
    await expectMatched(merchantId);
  });

  it("applies the merchant's underpayment tolerance, absolute or percentage", async () => {
    await db().merchant.update({
      where: { id: merchantId },
      data: { underpaymentToleranceKind: "percent", underpaymentToleranceValue: "2" },
    });
    try {
      const within = await create({ amount: "25.00", currency: "USDC" });
      const beyond = await create({ amount: "25.00", currency: "USDC" });
      await pay({ network: "devnet", asset: "USDC", to: addressOf(within), amount: 24_500_000n });
      await pay({ network: "devnet", asset: "USDC", to: addressOf(beyond), amount: 24_499_999n });
      await settle();
      expect(await get(within.id)).toMatchObject({ status: "paid", amount_paid: "24.50", amount_due: "0.50" });
      expect((await get(beyond.id)).status).toBe("partially_paid");

      await db().merchant.update({
        where: { id: merchantId },
        data: {
          underpaymentToleranceKind: "absolute",
          underpaymentToleranceValue: "0.10",
          underpaymentToleranceCurrency: "USDC",
        },
      });
      const absolute = await create({ amount: "25.00", currency: "USDC" });
      await pay({ network: "devnet", asset: "USDC", to: addressOf(absolute), amount: 24_900_000n });
      await settle();
      expect((await get(absolute.id)).status).toBe("paid");
      // The tolerance is fixed at creation: changing the setting later does not touch that invoice.
      expect(
        (await db().invoice.findUniqueOrThrow({ where: { id: absolute.id } })).underpaymentTolerance.toFixed(0),
      ).toBe("100000");
    } finally {
      await db().merchant.update({
        where: { id: merchantId },
        data: { underpaymentToleranceKind: "none", underpaymentToleranceValue: "0" },
      });
    }
    await expectMatched(merchantId);
  });
});

describe("merchant actions", () => {
  const cancel = (id: string, apiKey = key) =>
    cancelRoute(apiRequest("POST", `/api/v1/invoices/${id}/cancel`, { key: apiKey }), params({ id }));
  const resolve = (id: string, body: unknown) =>
    resolveRoute(apiRequest("POST", `/api/v1/invoices/${id}/resolve`, { key, body }), params({ id }));

  it("cancels while nothing was received, and refuses afterwards or for another merchant", async () => {
    const invoice = await create({ amount: "1.00", currency: "USDC" });
    const other = await createTestMerchant();
    expect((await cancel(invoice.id, other.key)).status).toBe(404);
    const res = await cancel(invoice.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: invoice.id, status: "cancelled" });
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "invoice.cancelled"]);
    const again = await cancel(invoice.id);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("invoice_not_cancellable");

    const seen = await create({ amount: "1.00", currency: "USDC" });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(seen), amount: 100_000n });
    await tick(db(), { owner: "lifecycle" });
    const refused = await cancel(seen.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({
      code: "invoice_not_cancellable",
      message: "This invoice has received a payment and can no longer be cancelled; resolve it instead.",
    });
    expect((await get(seen.id)).status).toBe("pending");
    await expectMatched(merchantId);
  });

  async function overpaidInvoice(): Promise<InvoiceResponse> {
    const invoice = await create({
      amount: "2.00",
      currency: "USDC",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 3_000_000n });
    await settle();
    expect((await get(invoice.id)).status).toBe("review_required");
    return invoice;
  }

  it("resolves a review: accept makes it paid, close cancels it, each recorded with who did it", async () => {
    const accepted = await overpaidInvoice();
    const res = await resolve(accepted.id, { action: "accept", note: "customer tipped" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "paid", review_reason: null, amount_overpaid: "1.00" });
    const record = await db().invoiceResolution.findFirstOrThrow({ where: { invoiceId: accepted.id } });
    expect(record).toMatchObject({ action: "accept", note: "customer tipped" });
    expect(record.actor).toMatch(/^key_/);
    const last = await db().event.findFirstOrThrow({
      where: { invoiceId: accepted.id },
      orderBy: { sequence: "desc" },
    });
    expect(last.type).toBe("invoice.paid");
    expect(last.data).toMatchObject({ previous_attributes: { status: "review_required", review_reason: "overpaid" } });
    // Settled: a later tick leaves it paid.
    await settle();
    expect((await get(accepted.id)).status).toBe("paid");

    const closed = await overpaidInvoice();
    expect(await (await resolve(closed.id, { action: "close" })).json()).toMatchObject({ status: "cancelled" });
    await expectMatched(merchantId);
  });

  it("records a refund request up to what was received, and refuses more", async () => {
    const invoice = await overpaidInvoice();
    const tooMuch = await resolve(invoice.id, {
      action: "refund",
      refund_address: "0x000000000000000000000000000000000000dEaD",
      refund_amount: "3.000001",
    });
    expect(tooMuch.status).toBe(422);
    expect((await tooMuch.json()).error).toMatchObject({
      code: "refund_exceeds_received",
      param: "refund_amount",
      message: "At most 3 USDC can be refunded.",
    });
    const zero = await resolve(invoice.id, { action: "refund", refund_amount: "0" });
    expect((await zero.json()).error).toMatchObject({ code: "parameter_invalid", param: "refund_amount" });
    expect((await get(invoice.id)).status).toBe("review_required");

    const res = await resolve(invoice.id, {
      action: "refund",
      refund_address: "0x000000000000000000000000000000000000dead",
      refund_amount: "1.00",
      note: "refund the excess",
    });
    expect(res.status).toBe(200);
    const resolved = await res.json();
    expect(resolved.status).toBe("refunded");
    // The decision is carried out as a refund paid to the address (server/refunds): one, for the amount decided.
    const refunds = await db().refund.findMany({ where: { invoiceId: invoice.id } });
    expect(refunds.map((r) => [r.id, r.amount.toFixed(0), r.funding, r.status])).toEqual([
      [resolved.refunds[0], "1000000", "held", "queued"],
    ]);
    const record = await db().invoiceResolution.findFirstOrThrow({ where: { invoiceId: invoice.id } });
    expect(record).toMatchObject({
      action: "refund",
      refundAddress: "0x000000000000000000000000000000000000dEaD",
      refundNetwork: "devnet",
      refundAsset: "USDC",
    });
    expect(record.refundAmount!.toFixed(0)).toBe("1000000");
    await expectMatched(merchantId);
  });

  it("refuses to resolve an invoice that is not in review", async () => {
    const invoice = await create({ amount: "1.00", currency: "USDC" });
    const res = await resolve(invoice.id, { action: "accept" });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("invoice_not_in_review");
    const bad = await resolve(invoice.id, { action: "steal" });
    expect(bad.status).toBe(422);
  });
});
