import { hdKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { GET as getRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as createRoute } from "@/app/api/v1/invoices/route";
import { db, inTransaction } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";
import { allocateDepositIndex } from "@/server/invoices/allocate-deposit-index";
import { createInvoice } from "@/server/invoices/create-invoice";
import { findPublicInvoice } from "@/server/invoices/find-public-invoice";
import { findInvoiceRecord, loadCursorHeights } from "@/server/invoices/invoice-record";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { serializeInvoice } from "@/server/invoices/serialize-invoice";
import { masterRoot } from "@/server/wallets/master-seed";
import { env } from "@/server/env";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";

const noParams = params({});
const post = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  apiRequest("POST", "/api/v1/invoices", { key, body, headers });

describe("invoice creation under concurrency", () => {
  it("50 concurrent creates get 50 distinct indexes 0..49 and addresses, each the HD address of its path", async () => {
    const { key, merchantId } = await createTestMerchant();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createRoute(post(key, { amount: "1.00", currency: "USDC", order_id: `c-${i}` }), noParams),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as InvoiceResponse[];
    const addresses = new Set(bodies.map((b) => b.payment_options[0]!.address));
    expect(addresses.size).toBe(50);

    const deposits = await db().depositAddress.findMany({
      where: { merchantId },
      select: { address: true, derivationPath: true },
    });
    const merchant = await db().merchant.findUniqueOrThrow({
      where: { id: merchantId },
      select: { hdAccountIndex: true },
    });
    const indexes = deposits.map((d) => Number(d.derivationPath.split("/").at(-1))).sort((a, b) => a - b);
    expect(indexes).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The cached chain node derives what a full derivation from the root does.
    for (const d of deposits) {
      const index = Number(d.derivationPath.split("/").at(-1));
      expect(d.derivationPath).toBe(`m/44'/60'/${merchant.hdAccountIndex}'/0/${index}`);
      const full = hdKeyToAccount(masterRoot().root, {
        accountIndex: merchant.hdAccountIndex,
        changeIndex: 0,
        addressIndex: index,
      });
      expect(d.address).toBe(full.address.toLowerCase());
    }
    expect(new Set(deposits.map((d) => d.address))).toEqual(new Set([...addresses].map((a) => a.toLowerCase())));
  });

  it("the same Idempotency-Key 50 times at once creates one invoice; every 201 is the same body", async () => {
    const { key, merchantId } = await createTestMerchant();
    const idem = `idem-${randomBase62(16)}`;
    const body = { amount: "7.00", currency: "USDT", order_id: "same-key" };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => createRoute(post(key, body, { "idempotency-key": idem }), noParams)),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const created = await Promise.all(responses.filter((r) => r.status === 201).map((r) => r.text()));
    expect(new Set(created).size).toBe(1);
    expect(responses.filter((r) => r.status === 201 && r.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    expect(await db().invoice.count({ where: { merchantId } })).toBe(1);
    expect(await db().depositAddress.count({ where: { merchantId } })).toBe(1);
    expect(await db().event.count({ where: { merchantId } })).toBe(1);
  });
});

describe("deposit index sequences", () => {
  it("start at the merchant's counter of earlier versions, per mode, and never repeat an index", async () => {
    const { merchantId } = await createTestMerchant();
    await db().merchant.update({
      where: { id: merchantId },
      data: { nextTestAddressIndex: 7, nextLiveAddressIndex: 3 },
    });
    const test = await Promise.all([0, 1, 2].map(() => allocateDepositIndex(db(), { merchantId, livemode: false })));
    const live = await allocateDepositIndex(db(), { merchantId, livemode: true });
    expect(test.map((a) => a.index).sort()).toEqual([7, 8, 9]);
    expect(live.index).toBe(3);
  });

  it("are created once when a new merchant's first allocations race, each inside its own transaction", async () => {
    const { merchantId } = await createTestMerchant();
    const allocations = await Promise.all(
      Array.from({ length: 10 }, () =>
        inTransaction(db(), (tx) => allocateDepositIndex(tx, { merchantId, livemode: true })),
      ),
    );
    expect(allocations.map((a) => a.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe("invoice creation writes", () => {
  it("the invoice.created event (sequence 1, the object as returned) and one delivery per subscribed endpoint, more endpoints than last time included", async () => {
    const { key, merchantId } = await createTestMerchant();
    const first = await createRoute(post(key, { amount: "2.00", currency: "USDC" }), noParams);
    expect(first.status).toBe(201);
    const endpoint = (events: string[], extra: { enabled?: boolean; deletedAt?: Date; livemode?: boolean } = {}) =>
      db().webhookEndpoint.create({
        data: {
          id: newId("we"),
          merchantId,
          livemode: extra.livemode ?? false,
          url: "https://hooks.example/x",
          events,
          secretEncrypted: "unused",
          enabled: extra.enabled ?? true,
          deletedAt: extra.deletedAt ?? null,
        },
        select: { id: true },
      });
    const subscribed = await Promise.all([
      endpoint(["*"]),
      endpoint(["invoice.created"]),
      endpoint(["invoice.paid", "invoice.created"]),
      endpoint(["*"]),
      endpoint(["*"]),
    ]);
    await Promise.all([
      endpoint(["invoice.paid"]),
      endpoint(["*"], { enabled: false }),
      endpoint(["*"], { deletedAt: new Date() }),
      endpoint(["*"], { livemode: true }),
    ]);

    const response = await createRoute(
      post(key, { amount: "3.50", currency: "USDC", order_id: "o-1", metadata: { cart: "9" } }),
      noParams,
    );
    expect(response.status).toBe(201);
    const invoice = (await response.json()) as InvoiceResponse;
    const events = await db().event.findMany({ where: { invoiceId: invoice.id }, include: { deliveries: true } });
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect([event.type, event.sequence, event.livemode, event.merchantId]).toEqual([
      "invoice.created",
      1,
      false,
      merchantId,
    ]);
    expect(event.cause).toEqual({ source: "api", action: "create_invoice" });
    expect(event.data).toEqual({ object: invoice });
    expect(event.deliveries.map((d) => d.endpointId).sort()).toEqual(subscribed.map((e) => e.id).sort());
    for (const d of event.deliveries) {
      expect(d.id).toMatch(/^wd_[0-9A-Za-z]{22}$/);
      expect([d.status, d.attemptCount]).toEqual(["pending", 0]);
    }
    const row = await db().invoice.findUniqueOrThrow({
      where: { id: invoice.id },
      select: { eventSequence: true, status: true, metadata: true },
    });
    expect(row).toEqual({ eventSequence: 1, status: "created", metadata: { cart: "9" } });
  });

  it("inside a caller's transaction (an invoice schedule's period), one delivery for each of 3 subscribed endpoints on the first creation", async () => {
    // The delivery-id hint of a process that never created an invoice for this merchant is 0 (2 ids): outside a
    // transaction a short statement is retried, but a failed statement would abort the caller's transaction.
    const { merchantId } = await createTestMerchant();
    const endpoints = await Promise.all(
      [1, 2, 3].map(() =>
        db().webhookEndpoint.create({
          data: {
            id: newId("we"),
            merchantId,
            livemode: false,
            url: "https://hooks.example/x",
            events: ["*"],
            secretEncrypted: "unused",
          },
          select: { id: true },
        }),
      ),
    );
    const { id } = await inTransaction(db(), (tx) =>
      createInvoice(tx, { merchantId, livemode: false, request: { amount: "1.00", currency: "USDC" } }),
    );
    const deliveries = await db().webhookDelivery.findMany({ where: { event: { invoiceId: id } } });
    expect(deliveries.map((d) => d.endpointId).sort()).toEqual(endpoints.map((e) => e.id).sort());
  });

  it("inside a caller's transaction, as scripts and tests call it, and the created response equals the read", async () => {
    const { key, merchantId } = await createTestMerchant();
    const { id, invoice } = await db().$transaction((tx) =>
      createInvoice(tx, {
        merchantId,
        livemode: false,
        request: { amount: "4.20", currency: "USDC", description: "in tx" },
      }),
    );
    const read = await getRoute(apiRequest("GET", `/api/v1/invoices/${id}`, { key }), params({ id }));
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(invoice);
    expect(invoice.hosted_url).toBe(`${env().PAYRAIL_PUBLIC_URL}/pay/${id}`);
  });
});

describe("invoice reads in one query", () => {
  it("GET /api/v1/invoices/{id} and the hosted page's read show what the full Prisma load shows, payments included", async () => {
    const { key, merchantId } = await createTestMerchant();
    await db().merchant.update({
      where: { id: merchantId },
      data: { supportEmail: "help@shop.example", logoUrl: "https://shop.example/logo.png", accentColor: "#112233" },
    });
    const created = (await (
      await createRoute(
        post(key, {
          amount: "10.00",
          currency: "USDC",
          payment_methods: [
            { network: "devnet", asset: "USDC" },
            { network: "devnet-b", asset: "USDC" },
          ],
        }),
        noParams,
      )
    ).json()) as InvoiceResponse;
    const to = created.payment_options[0]!.address.toLowerCase();
    const payment = (n: number, status: "pending" | "confirmed", networkId: string) => ({
      id: newId("pay"),
      invoiceId: created.id,
      networkId,
      asset: "USDC",
      tokenAddress: created.payment_options[0]!.token_address,
      decimals: 6,
      txHash: `0x${n.toString(16).padStart(64, "0")}`,
      logIndex: n,
      fromAddress: "0x000000000000000000000000000000000000beef",
      toAddress: to,
      amount: "2500000",
      blockNumber: 5n + BigInt(n),
      blockHash: `0x${"ab".repeat(32)}`,
      status,
      detectedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
      confirmedAt: status === "confirmed" ? new Date(Date.UTC(2026, 0, 1, 0, 1, n)) : null,
    });
    const salt = Math.floor(Math.random() * 1e9);
    // A network of its own with a scanned height, so that confirmation counts are exercised too.
    const network = `cursor-${salt}`;
    await db().networkCursor.create({ data: { networkId: network, chainId: 1, blockNumber: BigInt(salt) + 100n } });
    await db().payment.createMany({
      data: [
        payment(salt, "confirmed", "devnet"),
        payment(salt + 1, "pending", "devnet-b"),
        payment(salt + 2, "confirmed", "devnet"),
        payment(salt + 3, "pending", network),
      ],
    });
    await db().invoice.update({ where: { id: created.id }, data: { amountPaid: 500, status: "partially_paid" } });

    const record = await findInvoiceRecord(db(), { id: created.id });
    const expected = serializeInvoice(record!, await loadCursorHeights(db()));
    expect(expected.payments).toHaveLength(4);
    expect(expected.payments[3]!.confirmations).toBe(93); // height salt+100, block salt+8

    const read = await getRoute(
      apiRequest("GET", `/api/v1/invoices/${created.id}`, { key }),
      params({ id: created.id }),
    );
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(expected);

    const page = await findPublicInvoice(db(), created.id);
    // The payer is not shown how the merchant shares the revenue (splits).
    const { splits: _splits, ...shown } = expected;
    expect(page).not.toHaveProperty("splits");
    expect(page).toMatchObject({
      ...shown,
      payment_options: expected.payment_options.map((o) => ({ ...o, payment_uri_due: expect.any(String) })),
    });
    expect(page!.merchant).toEqual({
      name: record!.merchant.name,
      support_email: "help@shop.example",
      logo_url: "https://shop.example/logo.png",
      accent_color: "#112233",
    });

    // Another merchant's key, another mode, an unknown id: 404, and no page.
    const other = await createTestMerchant();
    const hidden = await getRoute(
      apiRequest("GET", `/api/v1/invoices/${created.id}`, { key: other.key }),
      params({ id: created.id }),
    );
    expect(hidden.status).toBe(404);
    expect(await findPublicInvoice(db(), `inv_${randomBase62(22)}`)).toBeNull();
    await db().networkCursor.delete({ where: { networkId: network } });
  });
});
