import { beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { POST as cancelRoute } from "@/app/api/v1/payouts/[id]/cancel/route";
import { GET as getRoute } from "@/app/api/v1/payouts/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/payouts/route";
import { GET as getBatchRoute } from "@/app/api/v1/payout_batches/[id]/route";
import { POST as createBatchRoute } from "@/app/api/v1/payout_batches/route";
import { db, inTransaction } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { getBalances } from "@/server/ledger/get-balances";
import { createDevnetInvoice } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import { approvePayout } from "./approve-payout";
import type { PayoutBatchResponse, PayoutResponse } from "./payout.schema";

// The payouts API against a merchant funded for real: an invoice paid on the devnet and confirmed by the
// watcher, so `available` is 100 USDC. Sending is the worker's (payouts-send.integration.test.ts); here
// creation, validation, reservation in the ledger, idempotency and cancellation.

let key: string;
let merchantId: string;
const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const noParams = params({});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return apiRequest("POST", path, { key, body, headers });
}

async function create(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await createRoute(post("/api/v1/payouts", body, headers), noParams);
  return { status: res.status, body: (await res.json()) as PayoutResponse & { error?: Record<string, string> } };
}

async function usdc() {
  const b = (await getBalances(db(), { merchantId, livemode: false })).find(
    (x) => x.networkId === "devnet" && x.asset === "USDC",
  );
  return { available: b?.available, reserved: b?.reserved };
}

const counts = async () => ({
  payouts: await db().payout.count({ where: { merchantId } }),
  batches: await db().payoutBatch.count({ where: { merchantId } }),
  transfers: await db().ledgerTransfer.count({ where: { merchantId, type: "payout" } }),
  events: await db().event.count({ where: { merchantId, type: { startsWith: "payout." } } }),
});

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  await tick(db(), { owner: "payouts-api-test" });
  const invoice = await createDevnetInvoice(merchantId, { amount: "100.00", currency: "USDC", network: "devnet" });
  await pay({ network: "devnet", asset: "USDC", to: invoice.address as Address, amount: 100_000_000n });
  await mine("devnet", 3);
  await tick(db(), { owner: "payouts-api-test" });
  expect(await usdc()).toEqual({ available: 100_000_000n, reserved: 0n });
});

describe("POST /api/v1/payouts", () => {
  it("more than available is a 422 insufficient_balance and creates nothing", async () => {
    const before = await counts();
    const r = await create({ network: "devnet", asset: "USDC", amount: "100.000001", address: to });
    expect(r.status).toBe(422);
    expect(r.body.error).toEqual({
      type: "invalid_request_error",
      code: "insufficient_balance",
      message: "The payout is more than the available balance of this network and asset.",
    });
    expect(await counts()).toEqual(before);
    expect(await usdc()).toEqual({ available: 100_000_000n, reserved: 0n });
    await expectMatched(merchantId);
  });

  it("a test-mode payout is queued at once and reserved against available", async () => {
    const r = await create({
      network: "devnet",
      asset: "usdc",
      amount: "12.5",
      address: to.toLowerCase(),
      reference: "po-ref-1",
      description: "Supplier",
      metadata: { order: "42" },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^po_[0-9A-Za-z]{22}$/),
      object: "payout",
      livemode: false,
      status: "queued",
      network: "devnet",
      asset: "USDC",
      amount: "12.50",
      amount_base_units: "12500000",
      address: to,
      participant: null,
      reference: "po-ref-1",
      description: "Supplier",
      metadata: { order: "42" },
      batch: null,
      refund: null,
      tx_hash: null,
      network_fee: null,
      failure_reason: null,
      created_at: expect.any(String),
      approved_at: r.body.created_at,
      submitted_at: null,
      confirmed_at: null,
    });
    expect(await usdc()).toEqual({ available: 87_500_000n, reserved: 12_500_000n });
    const transfer = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${r.body.id}` } });
    expect([
      transfer.type,
      transfer.status,
      transfer.amount.toString(),
      transfer.debitAccountId,
      transfer.creditAccountId,
    ]).toEqual([
      "payout",
      "pending",
      "12500000",
      `merchant:${merchantId}:available/devnet/USDC/test`,
      `custody:hot:${merchantId}/devnet/USDC/test`,
    ]);
    const events = await db().event.findMany({ where: { merchantId, type: "payout.created" } });
    expect(events.map((e) => (e.data as { object: { id: string } }).object.id)).toEqual([r.body.id]);

    const got = await getRoute(apiRequest("GET", `/api/v1/payouts/${r.body.id}`, { key }), params({ id: r.body.id }));
    expect([got.status, await got.json()]).toEqual([200, r.body]);
    const listed = await listRoute(apiRequest("GET", "/api/v1/payouts?reference=po-ref-1", { key }), noParams);
    expect(await listed.json()).toEqual({ object: "list", data: [r.body], has_more: false });

    const dup = await create({ network: "devnet", asset: "USDC", amount: "1", address: to, reference: "po-ref-1" });
    expect([dup.status, dup.body.error]).toEqual([
      409,
      {
        type: "invalid_request_error",
        code: "payout_reference_exists",
        message: 'A payout with reference "po-ref-1" exists.',
        param: "reference",
      },
    ]);
    await expectMatched(merchantId);
  });

  it("bad input is a clear 4xx naming the parameter, and creates nothing", async () => {
    const before = await counts();
    const base = { network: "devnet", asset: "USDC", amount: "1.00", address: to };
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ ...base, address: "0x1234" }, 422, "parameter_invalid", "address"],
      [{ ...base, address: "0x70997970c51812dc3a010c7d01b50e0d17dc79c" + "Z" }, 422, "parameter_invalid", "address"],
      [{ ...base, address: "0x70997970C51812dc3A010C7d01b50e0d17dc79c8" }, 422, "parameter_invalid", "address"],
      [{ ...base, address: "0x0000000000000000000000000000000000000000" }, 422, "parameter_invalid", "address"],
      [{ ...base, amount: "1.0000001" }, 422, "parameter_invalid", "amount"],
      [{ ...base, amount: "0" }, 422, "parameter_invalid", "amount"],
      [{ ...base, amount: "-1" }, 422, "parameter_invalid", "amount"],
      [{ ...base, amount: 1 }, 422, "parameter_invalid", "amount"],
      [{ ...base, asset: "DOGE" }, 422, "unsupported_asset", "asset"],
      [{ ...base, network: "base" }, 422, "unsupported_network", "network"],
      [{ ...base, participant: "prt_1" }, 422, "parameter_invalid", "participant"],
      [{ network: "devnet", asset: "USDC", amount: "1", participant: "prt_1" }, 404, "resource_missing", "participant"],
      [{ network: "devnet", asset: "USDC", amount: "1" }, 422, "parameter_missing", "address"],
    ];
    for (const [body, status, code, param] of cases) {
      const r = await create(body);
      expect([status, code, param]).toEqual([r.status, r.body.error?.code, r.body.error?.param]);
    }
    expect(await counts()).toEqual(before);
  });

  it("20 concurrent identical requests with one Idempotency-Key create one payout", async () => {
    const before = await counts();
    const body = { network: "devnet", asset: "USDC", amount: "1.25", address: to, reference: "po-idem" };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        createRoute(post("/api/v1/payouts", body, { "idempotency-key": "payout-idem-1" }), noParams),
      ),
    );
    const texts = await Promise.all(responses.map((r) => r.text()));
    const created = responses.filter((r) => r.status === 201);
    const inUse = responses.filter((r) => r.status === 409);
    expect(created.length + inUse.length).toBe(20);
    expect(created.filter((r) => r.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    expect(new Set(texts.filter((_, i) => responses[i]!.status === 201)).size).toBe(1);
    for (const [i, r] of responses.entries())
      if (r.status === 409) expect(JSON.parse(texts[i]!).error.code).toBe("idempotency_key_in_use");
    expect(await counts()).toEqual({
      ...before,
      payouts: before.payouts + 1,
      transfers: before.transfers + 1,
      events: before.events + 1,
    });
    expect(await db().payout.count({ where: { merchantId, reference: "po-idem" } })).toBe(1);
    expect(await usdc()).toEqual({ available: 86_250_000n, reserved: 13_750_000n });
    await expectMatched(merchantId);
  });

  it("cancel voids the reservation; a cancelled payout cannot be cancelled again", async () => {
    const r = await create({ network: "devnet", asset: "USDC", amount: "2", address: to });
    expect(await usdc()).toEqual({ available: 84_250_000n, reserved: 15_750_000n });
    const c = await cancelRoute(
      apiRequest("POST", `/api/v1/payouts/${r.body.id}/cancel`, { key }),
      params({ id: r.body.id }),
    );
    const cancelled = (await c.json()) as PayoutResponse;
    expect([c.status, cancelled.status]).toEqual([200, "cancelled"]);
    expect(await usdc()).toEqual({ available: 86_250_000n, reserved: 13_750_000n });
    const t = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${r.body.id}` } });
    expect(t.status).toBe("voided");
    const again = await cancelRoute(
      apiRequest("POST", `/api/v1/payouts/${r.body.id}/cancel`, { key }),
      params({ id: r.body.id }),
    );
    expect([again.status, ((await again.json()) as { error: { code: string } }).error.code]).toEqual([
      409,
      "payout_not_cancellable",
    ]);
    const types = await db().event.findMany({
      where: { merchantId, type: { in: ["payout.created", "payout.cancelled"] } },
      orderBy: { createdAt: "asc" },
      select: { type: true, data: true },
    });
    expect(
      types.filter((e) => (e.data as { object: { id: string } }).object.id === r.body.id).map((e) => e.type),
    ).toEqual(["payout.created", "payout.cancelled"]);
    await expectMatched(merchantId);
  });
});

describe("POST /api/v1/payout_batches", () => {
  const item = (i: number) => ({
    amount: "0.01",
    address: `0x${(0x1000 + i).toString(16).padStart(40, "0")}`,
    reference: `b1-${i}`,
  });

  it("one bad item is a 422 whose param names it, and nothing is created", async () => {
    const before = await counts();
    const bad: [unknown, string, string][] = [
      [{ ...item(3), address: "0xnope" }, "parameter_invalid", "items[3].address"],
      [{ ...item(3), amount: "0.0000001" }, "parameter_invalid", "items[3].amount"],
      [{ ...item(3), reference: "b1-0" }, "payout_reference_exists", "items[3].reference"],
      [{ ...item(3), extra: 1 }, "parameter_unknown", "items[3].extra"],
    ];
    for (const [badItem, code, param] of bad) {
      const items = Array.from({ length: 10 }, (_, i) => (i === 3 ? badItem : item(i)));
      const res = await createBatchRoute(
        post("/api/v1/payout_batches", { network: "devnet", asset: "USDC", items }),
        noParams,
      );
      const body = (await res.json()) as { error: { code: string; param: string } };
      expect([res.status >= 400 && res.status < 500, body.error.code, body.error.param]).toEqual([true, code, param]);
    }
    const empty = await createBatchRoute(
      post("/api/v1/payout_batches", { network: "devnet", asset: "USDC", items: [] }),
      noParams,
    );
    expect([empty.status, ((await empty.json()) as { error: { param: string } }).error.param]).toEqual([422, "items"]);
    const tooMany = Array.from({ length: 1001 }, (_, i) => item(i));
    const big = await createBatchRoute(
      post("/api/v1/payout_batches", { network: "devnet", asset: "USDC", items: tooMany }),
      noParams,
    );
    expect([big.status, ((await big.json()) as { error: { param: string } }).error.param]).toEqual([422, "items"]);
    const over = Array.from({ length: 3 }, (_, i) => ({ ...item(i), amount: "30" }));
    const poor = await createBatchRoute(
      post("/api/v1/payout_batches", { network: "devnet", asset: "USDC", items: over }),
      noParams,
    );
    expect([poor.status, ((await poor.json()) as { error: { code: string } }).error.code]).toEqual([
      422,
      "insufficient_balance",
    ]);
    expect(await counts()).toEqual(before);
    await expectMatched(merchantId);
  });

  it("a good batch creates its payouts in order, reserved, and answers with the batch", async () => {
    const items = Array.from({ length: 10 }, (_, i) => item(i));
    const res = await createBatchRoute(
      post("/api/v1/payout_batches", { network: "devnet", asset: "USDC", items }),
      noParams,
    );
    const batch = (await res.json()) as PayoutBatchResponse;
    expect([res.status, batch]).toEqual([
      201,
      {
        id: expect.stringMatching(/^pb_[0-9A-Za-z]{22}$/),
        object: "payout_batch",
        livemode: false,
        status: "queued",
        network: "devnet",
        asset: "USDC",
        total: "0.10",
        count: 10,
        tx_hashes: [],
        created_at: expect.any(String),
      },
    ]);
    const got = await getBatchRoute(
      apiRequest("GET", `/api/v1/payout_batches/${batch.id}`, { key }),
      params({ id: batch.id }),
    );
    expect(await got.json()).toEqual(batch);
    const listed = await listRoute(apiRequest("GET", `/api/v1/payouts?batch=${batch.id}&limit=100`, { key }), noParams);
    const page = (await listed.json()) as { data: PayoutResponse[] };
    expect(page.data.map((p) => p.reference).sort()).toEqual(items.map((i) => i.reference).sort());
    expect(await usdc()).toEqual({ available: 86_150_000n, reserved: 13_850_000n });
    await expectMatched(merchantId);
  });
});

describe("approvePayout (live mode maker-checker)", () => {
  it("refuses the creator and reserves when another person approves", async () => {
    const live = await createTestMerchant({ live: true });
    // A live payout row as the API would create it, without a live network on the test stack.
    const payout = await db().payout.create({
      data: {
        id: "po_livetest00000000000000",
        merchantId: live.merchantId,
        livemode: true,
        status: "pending_approval",
        networkId: "devnet",
        asset: "USDC",
        decimals: 6,
        amount: "1000000",
        address: to.toLowerCase(),
        createdBy: "usr_maker",
      },
    });
    await expect(
      inTransaction(db(), (tx) => approvePayout(tx, { payoutId: payout.id, approverUserId: "usr_maker" })),
    ).rejects.toMatchObject({ code: "forbidden" });
    // The checker: nothing available in live mode, so the reservation is refused and nothing changes.
    await expect(
      inTransaction(db(), (tx) => approvePayout(tx, { payoutId: payout.id, approverUserId: "usr_checker" })),
    ).rejects.toMatchObject({ code: "insufficient_balance" });
    const after = await db().payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect([after.status, after.approvedBy]).toEqual(["pending_approval", null]);
  });
});
