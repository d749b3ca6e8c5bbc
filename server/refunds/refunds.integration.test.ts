import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, parseEther, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { POST as claimRoute } from "@/app/(checkout)/claim/[token]/confirm/route";
import { GET as exportRoute } from "@/app/api/v1/exports/[file]/route";
import { GET as getInvoiceRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as resolveRoute } from "@/app/api/v1/invoices/[id]/resolve/route";
import { GET as getPayoutRoute } from "@/app/api/v1/payouts/[id]/route";
import { POST as cancelRoute } from "@/app/api/v1/refunds/[id]/cancel/route";
import { POST as claimLinkRoute } from "@/app/api/v1/refunds/[id]/claim_link/route";
import { GET as getRoute } from "@/app/api/v1/refunds/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/refunds/route";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db } from "@/server/db";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { tick } from "@/server/jobs/tick";
import { merchantAccount } from "@/server/ledger/chart-of-accounts";
import { getBalances } from "@/server/ledger/get-balances";
import type { PayoutResponse } from "@/server/payouts/payout.schema";
import { prepareSweeps } from "@/server/sweeps/prepare-sweeps";
import { platformAddress } from "@/server/wallets/platform-keys";
import { createDevnetInvoice, devnetRpc } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import { findRefundClaim } from "./find-refund-claim";
import type { RefundResponse } from "./refund.schema";

// Refunds paid for real on the devnet: the worker's parts (chains, payouts, sweeps, sender) driven one pass at a time,
// exact on-chain, ledger and invoice amounts, and the reconciliation matched after every test that moves money.

const OWNER = "refunds-test";
const network = findNetwork("devnet") as Network;
const client: PublicClient = publicClientFor(network);
const USDC = network.assets.find((a) => a.symbol === "USDC")!.tokenAddress as Address;
let key: string;
let merchantId: string;
let paidInvoice: string;

const usdcOf = (address: Address) =>
  client.readContract({ address: USDC, abi: erc20Abi, functionName: "balanceOf", args: [address] });
const freshAddress = () => privateKeyToAccount(generatePrivateKey()).address;

async function balance(): Promise<{ available: bigint; held: bigint; reserved: bigint }> {
  const b = (await getBalances(db(), { merchantId, livemode: false })).find(
    (x) => x.networkId === "devnet" && x.asset === "USDC",
  );
  return { available: b?.available ?? 0n, held: b?.held ?? 0n, reserved: b?.reserved ?? 0n };
}

async function pass(): Promise<void> {
  for (const part of ["chains", "payouts", "sweeps", "sender"] as const)
    await tick(db(), { owner: OWNER, parts: [part] });
  await mine("devnet", 1);
}

async function drive(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await done()) return;
    await pass();
  }
  throw new Error("refund did not settle in 40 passes");
}

const refundStatus = async (id: string) => (await db().refund.findUniqueOrThrow({ where: { id } })).status;

/** An invoice of `amount` USDC paid with `units` on the devnet and confirmed. */
async function paidUsdcInvoice(amount: string, units: bigint): Promise<string> {
  const invoice = await createDevnetInvoice(merchantId, { amount, currency: "USDC", network: "devnet" });
  await pay({ network: "devnet", asset: "USDC", to: invoice.address, amount: units });
  await mine("devnet", 3);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
  return invoice.id;
}

async function create(body: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await createRoute(apiRequest("POST", "/api/v1/refunds", { key, body, headers }), params({}));
  return {
    status: res.status,
    body: (await res.json()) as RefundResponse & { error?: { code: string; param?: string } },
  };
}

async function invoice(id: string): Promise<InvoiceResponse> {
  return (await (
    await getInvoiceRoute(apiRequest("GET", `/api/v1/invoices/${id}`, { key }), params({ id }))
  ).json()) as InvoiceResponse;
}

async function counts() {
  return {
    refunds: await db().refund.count({ where: { merchantId } }),
    payouts: await db().payout.count({ where: { merchantId } }),
    transfers: await db().ledgerTransfer.count({ where: { merchantId } }),
    events: await db().event.count({ where: { merchantId } }),
  };
}

/** POST the claim page's confirm form as a browser does. */
function confirmClaim(token: string, address: string) {
  return claimRoute(
    new Request(`http://payrail.test/claim/${token}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ address }).toString(),
    }),
    params({ token }),
  );
}

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  for (const role of ["hot", "gas"] as const)
    await devnetRpc("devnet", "anvil_setBalance", [
      platformAddress(role, false),
      `0x${parseEther("100").toString(16)}`,
    ]);
  await prepareSweeps([network]);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
  paidInvoice = await paidUsdcInvoice("100.00", 100_000_000n);
  expect((await invoice(paidInvoice)).status).toBe("paid");
  expect(await balance()).toEqual({ available: 100_000_000n, held: 0n, reserved: 0n });
});

describe("refunds", () => {
  it("a refund with an address is paid on chain once, the ledger and the invoice exact", async () => {
    const to = freshAddress();
    const created = await create({ invoice: paidInvoice, amount: "40.00", address: to, reason: "returned" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: "refund",
      invoice: paidInvoice,
      status: "queued",
      amount: "40.00",
      amount_base_units: "40000000",
      network: "devnet",
      asset: "USDC",
      address: to,
      reason: "returned",
      claim_url: null,
    });
    const payoutId = created.body.payout!;
    expect(payoutId).toMatch(/^po_/);
    expect(await balance()).toEqual({ available: 60_000_000n, held: 0n, reserved: 40_000_000n });

    await drive(async () => (await refundStatus(created.body.id)) === "confirmed");
    expect(await usdcOf(to)).toBe(40_000_000n);
    const payout = (await (
      await getPayoutRoute(apiRequest("GET", `/api/v1/payouts/${payoutId}`, { key }), params({ id: payoutId }))
    ).json()) as PayoutResponse;
    expect([payout.status, payout.refund, payout.amount, payout.address]).toEqual([
      "confirmed",
      created.body.id,
      "40.00",
      to,
    ]);
    const transfer = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${payoutId}` } });
    const scope = { merchantId, livemode: false, networkId: "devnet", asset: "USDC" };
    expect([transfer.type, transfer.status, transfer.amount.toString(), transfer.sourceId, transfer.invoiceId]).toEqual(
      ["refund", "posted", "40000000", created.body.id, paidInvoice],
    );
    expect([transfer.debitAccountId, transfer.creditAccountId]).toEqual([
      merchantAccount("available", scope).id,
      merchantAccount("custody_hot", scope).id,
    ]);
    expect(await balance()).toEqual({ available: 60_000_000n, held: 0n, reserved: 0n });
    const inv = await invoice(paidInvoice);
    expect([inv.amount_refunded, inv.refunds]).toEqual(["40.00", [created.body.id]]);
    const got = (await (
      await getRoute(apiRequest("GET", `/api/v1/refunds/${created.body.id}`, { key }), params({ id: created.body.id }))
    ).json()) as RefundResponse;
    expect([got.status, got.payout]).toEqual(["confirmed", payoutId]);
    const events = await db().event.findMany({
      where: { merchantId, type: { startsWith: "refund." } },
      orderBy: { createdAt: "asc" },
      select: { type: true, data: true },
    });
    expect(events.map((e) => [e.type, (e.data as { object: RefundResponse }).object.status])).toEqual([
      ["refund.created", "queued"],
      ["refund.confirmed", "confirmed"],
    ]);
    await expectMatched(merchantId);
  });

  it("a refund over what was received is a 422 and stores nothing", async () => {
    const before = await counts();
    const over = await create({ invoice: paidInvoice, amount: "60.01" });
    expect([over.status, over.body.error?.code, over.body.error?.param]).toEqual([
      422,
      "refund_exceeds_received",
      "amount",
    ]);
    expect(await counts()).toEqual(before);
    await expectMatched(merchantId);
  });

  it("a second refund is capped by the first: the default is the rest, and nothing more after it", async () => {
    const rest = await create({ invoice: paidInvoice }, { "idempotency-key": "refund-rest-1" });
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ status: "awaiting_address", amount: "60.00", address: null, payout: null });
    expect(rest.body.claim_url).toMatch(/\/claim\/[0-9A-Za-z]{32}$/);
    // The same key and body: the first response again, claim link included (idempotency keeps it sealed).
    const replay = await create({ invoice: paidInvoice }, { "idempotency-key": "refund-rest-1" });
    expect([replay.status, replay.body.id, replay.body.claim_url]).toEqual([201, rest.body.id, rest.body.claim_url]);
    // Only the hash is stored: reads show no link.
    const stored = await db().refund.findUniqueOrThrow({ where: { id: rest.body.id } });
    expect(stored.claimTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(rest.body.claim_url!.split("/claim/")[1]!);
    const before = await counts();
    const more = await create({ invoice: paidInvoice, amount: "0.01", address: freshAddress() });
    expect([more.status, more.body.error?.code]).toEqual([422, "refund_exceeds_received"]);
    expect(await counts()).toEqual(before);
    const list = (await (
      await listRoute(apiRequest("GET", `/api/v1/refunds?invoice=${paidInvoice}`, { key }), params({}))
    ).json()) as { data: RefundResponse[] };
    expect(list.data.map((r) => [r.id, r.status, r.claim_url])).toEqual([
      [rest.body.id, "awaiting_address", null],
      [expect.stringMatching(/^re_/), "confirmed", null],
    ]);
    // Cancelled before it has an address: its amount is refundable again and its link shows a page with no form.
    const token = rest.body.claim_url!.split("/claim/")[1]!;
    const cancelled = await cancelRoute(
      apiRequest("POST", `/api/v1/refunds/${rest.body.id}/cancel`, { key }),
      params({ id: rest.body.id }),
    );
    expect([cancelled.status, ((await cancelled.json()) as RefundResponse).status]).toEqual([200, "cancelled"]);
    expect((await findRefundClaim(db(), token, new Date()))?.state).toBe("cancelled");
    const claimCancelled = await confirmClaim(token, freshAddress());
    expect([claimCancelled.status, claimCancelled.headers.get("location")]).toEqual([303, `/claim/${token}`]);
    expect(await db().payout.count({ where: { refundId: rest.body.id } })).toBe(0);
    await expectMatched(merchantId);
  });

  it("a refund being paid is cancelled before it is submitted: payout cancelled, reservation voided", async () => {
    const to = freshAddress();
    const created = await create({ invoice: paidInvoice, amount: "10.00", address: to });
    expect([created.status, created.body.status]).toEqual([201, "queued"]);
    expect(await balance()).toMatchObject({ available: 50_000_000n, reserved: 10_000_000n });
    const res = await cancelRoute(
      apiRequest("POST", `/api/v1/refunds/${created.body.id}/cancel`, { key }),
      params({ id: created.body.id }),
    );
    expect([res.status, ((await res.json()) as RefundResponse).status]).toEqual([200, "cancelled"]);
    const payout = await db().payout.findUniqueOrThrow({ where: { id: created.body.payout! } });
    expect([payout.status, payout.outgoingKey]).toEqual(["cancelled", null]);
    const transfer = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${payout.id}` } });
    expect(transfer.status).toBe("voided");
    expect(await balance()).toEqual({ available: 60_000_000n, held: 0n, reserved: 0n });
    for (let i = 0; i < 3; i++) await pass();
    expect([await usdcOf(to), await db().outgoingTransaction.count({ where: { key: `payout:${payout.id}` } })]).toEqual(
      [0n, 0],
    );
    // A confirmed refund cannot be cancelled.
    const confirmed = await db().refund.findFirstOrThrow({ where: { merchantId, status: "confirmed" } });
    const late = await cancelRoute(
      apiRequest("POST", `/api/v1/refunds/${confirmed.id}/cancel`, { key }),
      params({ id: confirmed.id }),
    );
    expect([late.status, ((await late.json()) as { error: { code: string } }).error.code]).toEqual([
      409,
      "refund_not_cancellable",
    ]);
    await expectMatched(merchantId);
  });

  it("the claim flow: the customer confirms an address once, the payout is confirmed; an expired link is refused", async () => {
    const created = await create({ invoice: paidInvoice, amount: "25.50" });
    const token = created.body.claim_url!.split("/claim/")[1]!;
    expect(await findRefundClaim(db(), token, new Date())).toMatchObject({
      state: "open",
      amount: "25.50",
      asset: "USDC",
      networkId: "devnet",
      address: null,
    });
    // A bad address goes back to the form, nothing changes.
    const bad = await confirmClaim(token, "0x1234");
    expect([bad.status, bad.headers.get("location")]).toEqual([303, `/claim/${token}?error=address&address=0x1234`]);
    expect(await db().payout.count({ where: { refundId: created.body.id } })).toBe(0);

    const to = freshAddress();
    const ok = await confirmClaim(token, to);
    expect([ok.status, ok.headers.get("location")]).toEqual([303, `/claim/${token}`]);
    // Single use: a second confirmation (another address) changes nothing.
    const again = await confirmClaim(token, freshAddress());
    expect([again.status, again.headers.get("location")]).toEqual([303, `/claim/${token}`]);
    const payouts = await db().payout.findMany({ where: { refundId: created.body.id } });
    expect(payouts.map((p) => [p.address, p.amount.toString(), p.status])).toEqual([
      [to.toLowerCase(), "25500000", "queued"],
    ]);
    expect(await findRefundClaim(db(), token, new Date())).toMatchObject({ state: "claimed", address: to });

    await drive(async () => (await refundStatus(created.body.id)) === "confirmed");
    expect(await usdcOf(to)).toBe(25_500_000n);
    expect(await balance()).toEqual({ available: 34_500_000n, held: 0n, reserved: 0n });
    expect((await invoice(paidInvoice)).amount_refunded).toBe("65.50");

    // An expired link: the page shows it, the confirmation is refused, nothing is created.
    const late = await create({ invoice: paidInvoice, amount: "1.00" });
    const lateToken = late.body.claim_url!.split("/claim/")[1]!;
    await db().refund.update({ where: { id: late.body.id }, data: { claimExpiresAt: new Date(Date.now() - 1000) } });
    expect((await findRefundClaim(db(), lateToken, new Date()))?.state).toBe("expired");
    const refused = await confirmClaim(lateToken, freshAddress());
    expect([refused.status, refused.headers.get("location")]).toEqual([303, `/claim/${lateToken}`]);
    expect(await refundStatus(late.body.id)).toBe("awaiting_address");
    expect(await db().payout.count({ where: { refundId: late.body.id } })).toBe(0);
    // A new link replaces it (valid 30 days); the old token opens nothing any more.
    const renewed = (await (
      await claimLinkRoute(
        apiRequest("POST", `/api/v1/refunds/${late.body.id}/claim_link`, { key }),
        params({ id: late.body.id }),
      )
    ).json()) as RefundResponse;
    expect(renewed.claim_url).toMatch(/\/claim\/[0-9A-Za-z]{32}$/);
    expect(await findRefundClaim(db(), lateToken, new Date())).toBeNull();
    const newToken = renewed.claim_url!.split("/claim/")[1]!;
    expect((await findRefundClaim(db(), newToken, new Date()))?.state).toBe("open");
    await cancelRoute(
      apiRequest("POST", `/api/v1/refunds/${late.body.id}/cancel`, { key }),
      params({ id: late.body.id }),
    );
    await expectMatched(merchantId);
  });

  it("bad input is a 4xx naming the parameter, and stores nothing", async () => {
    const awaiting = await createDevnetInvoice(merchantId, { amount: "5.00", currency: "USDC", network: "devnet" });
    const before = await counts();
    const cases: [Record<string, unknown>, number, string, string | undefined][] = [
      [{ invoice: paidInvoice, address: "0x123" }, 422, "parameter_invalid", "address"],
      [{ invoice: paidInvoice, address: `0x${"0".repeat(40)}` }, 422, "parameter_invalid", "address"],
      [{ invoice: paidInvoice, amount: "abc" }, 422, "parameter_invalid", "amount"],
      [{ invoice: paidInvoice, amount: "1.0000001" }, 422, "parameter_invalid", "amount"],
      [{ invoice: paidInvoice, amount: "0" }, 422, "parameter_invalid", "amount"],
      [{ invoice: paidInvoice, network: "devnet-b" }, 422, "refund_exceeds_received", "network"],
      [{ invoice: paidInvoice, asset: "ETH" }, 422, "refund_exceeds_received", "asset"],
      [{ invoice: "inv_nope" }, 404, "resource_missing", "invoice"],
      [{ invoice: awaiting.id }, 409, "invoice_not_refundable", "invoice"],
      [{ amount: "1.00" }, 422, "parameter_missing", "invoice"],
      [{ invoice: paidInvoice, extra: 1 }, 422, "parameter_unknown", "extra"],
    ];
    const got = [];
    for (const [body] of cases) {
      const r = await create(body);
      got.push([body, r.status, r.body.error?.code, r.body.error?.param]);
    }
    expect(got).toEqual(cases);
    expect(await counts()).toEqual(before);
  });

  it("resolve with refund creates the refund in the same transaction, drawing on what the decision holds", async () => {
    const inv = await createDevnetInvoice(merchantId, { amount: "5.00", currency: "USDC", network: "devnet" });
    await pay({ network: "devnet", asset: "USDC", to: inv.address, amount: 5_000_001n });
    await mine("devnet", 3);
    await tick(db(), { owner: OWNER, parts: ["chains"] });
    expect((await invoice(inv.id)).status).toBe("review_required");
    const start = await balance();
    expect(start.held).toBe(5_000_001n);
    const to = freshAddress();
    const res = await resolveRoute(
      apiRequest("POST", `/api/v1/invoices/${inv.id}/resolve`, {
        key,
        body: { action: "refund", refund_address: to, note: "customer asked" },
      }),
      params({ id: inv.id }),
    );
    const resolved = (await res.json()) as InvoiceResponse;
    expect([res.status, resolved.status, resolved.refunds.length]).toEqual([200, "refunded", 1]);
    const refund = await db().refund.findUniqueOrThrow({ where: { id: resolved.refunds[0]! } });
    expect([refund.status, refund.funding, refund.amount.toString(), refund.address]).toEqual([
      "queued",
      "held",
      "5000001",
      to.toLowerCase(),
    ]);
    await drive(async () => (await refundStatus(refund.id)) === "confirmed");
    expect(await usdcOf(to)).toBe(5_000_001n);
    expect(await balance()).toEqual({ available: start.available, held: 0n, reserved: 0n });
    const after = await invoice(inv.id);
    expect([after.status, after.amount_refunded]).toEqual(["refunded", "5.000001"]);
    await expectMatched(merchantId);
  });

  it("the refunds export: one row per refund, oldest first, with its invoice, payout and transaction", async () => {
    const res = await exportRoute(
      apiRequest("GET", "/api/v1/exports/refunds.csv", { key }),
      params({ file: "refunds.csv" }),
    );
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "text/csv; charset=utf-8"]);
    const rows = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
    const refunds = await db().refund.findMany({
      where: { merchantId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { payout: true },
    });
    expect(rows.map((r) => [r.id, r.status])).toEqual(refunds.map((r) => [r.id, r.status]));
    const first = refunds[0]!;
    const tx = await client.getTransactionReceipt({ hash: first.payout!.txHash as `0x${string}` });
    expect(rows[0]).toMatchObject({
      id: first.id,
      invoice: paidInvoice,
      order_id: "",
      status: "confirmed",
      network: "devnet",
      chain_id: String(network.chainId),
      asset: "USDC",
      amount: "40.00",
      amount_base_units: "40000000",
      address: first.address ? (await import("viem")).getAddress(first.address) : "",
      payout: first.payout!.id,
      tx_hash: first.payout!.txHash,
      block_number: tx.blockNumber.toString(),
      drawn_from: "available",
      reason: "returned",
    });
  });
});
