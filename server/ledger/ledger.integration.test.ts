import { beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { POST as resolveRoute } from "@/app/api/v1/invoices/[id]/resolve/route";
import { GET as getTxnRoute } from "@/app/api/v1/balance_transactions/[id]/route";
import { GET as listTxnsRoute } from "@/app/api/v1/balance_transactions/route";
import { GET as balancesRoute } from "@/app/api/v1/balances/route";
import { POST as createRoute } from "@/app/api/v1/invoices/route";
import { db, inTransaction } from "@/server/db";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { tick } from "@/server/jobs/tick";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import { checkLedgerInvariants } from "./check-ledger-invariants";
import { getBalances, type Balance } from "./get-balances";
import { backfillLedger } from "./backfill-ledger";
import { syncInvoiceLedger } from "./sync-invoice-ledger";

// The ledger follows invoices on real chains: payments through the watcher and the tick, decisions
// through the API, and after each step exact balances and a sound ledger.

let key: string;
let merchantId: string;

async function create(body: Record<string, unknown>): Promise<InvoiceResponse> {
  const res = await createRoute(apiRequest("POST", "/api/v1/invoices", { key, body }), params({}));
  expect(res.status).toBe(201);
  return res.json();
}

const addressOf = (invoice: InvoiceResponse) => invoice.payment_options[0]!.address as Address;

/** Scan what was paid without confirming it (one block on top), then settle it to 3 confirmations. */
async function detect(): Promise<void> {
  await tick(db(), { owner: "ledger-test" });
}
async function settle(): Promise<void> {
  await mine("devnet", 2);
  await tick(db(), { owner: "ledger-test" });
}

async function balance(asset = "USDC", networkId = "devnet"): Promise<Omit<Balance, "networkId" | "asset">> {
  const all = await getBalances(db(), { merchantId, livemode: false });
  const b = all.find((x) => x.networkId === networkId && x.asset === asset);
  const {
    networkId: _n,
    asset: _a,
    ...rest
  } = b ?? { networkId, asset, available: 0n, pending: 0n, reserved: 0n, held: 0n, custodyDeposits: 0n };
  return rest;
}

async function transfersOf(invoiceId: string) {
  return db().ledgerTransfer.findMany({
    where: { invoiceId },
    orderBy: [{ createdAt: "asc" }, { key: "asc" }],
    select: { key: true, type: true, status: true, amount: true, debitAccountId: true, creditAccountId: true },
  });
}

async function expectSound(): Promise<void> {
  expect(await checkLedgerInvariants(db(), { merchantId })).toEqual([]);
}

beforeAll(async () => {
  // A merchant of its own: its balances start at zero whatever other test files did.
  ({ key, merchantId } = await createTestMerchant());
  await tick(db(), { owner: "ledger-test" });
});

describe("ledger postings follow payments and invoices", () => {
  it("a payment is pending while it confirms and posted to available at its confirmations", async () => {
    const invoice = await create({
      amount: "7.00",
      currency: "USDC",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 7_000_000n });
    await detect();
    expect(await balance()).toEqual({
      available: 0n,
      pending: 7_000_000n,
      reserved: 0n,
      held: 0n,
      custodyDeposits: 0n,
    });
    await settle();
    expect(await balance()).toEqual({
      available: 7_000_000n,
      pending: 0n,
      reserved: 0n,
      held: 0n,
      custodyDeposits: 7_000_000n,
    });
    const transfers = await transfersOf(invoice.id);
    expect(transfers.map((t) => [t.type, t.status, t.amount.toString()])).toEqual([["payment", "posted", "7000000"]]);
    expect(transfers[0]!.debitAccountId).toBe(`custody:deposits:${merchantId}/devnet/USDC/test`);
    expect(transfers[0]!.creditAccountId).toBe(`merchant:${merchantId}:available/devnet/USDC/test`);
    await expectSound();
    await expectMatched(merchantId);
  });

  it("a short invoice holds what it received until the rest arrives, then releases it", async () => {
    const before = await balance();
    const invoice = await create({
      amount: "25.00",
      currency: "USDC",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 10_000_000n });
    await settle();
    expect(await balance()).toEqual({
      ...before,
      held: 10_000_000n,
      custodyDeposits: before.custodyDeposits + 10_000_000n,
    });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 15_000_000n });
    await settle();
    expect(await balance()).toEqual({
      ...before,
      available: before.available + 25_000_000n,
      custodyDeposits: before.custodyDeposits + 25_000_000n,
    });
    expect(
      (await transfersOf(invoice.id)).map((t) => [t.type, t.amount.toString(), t.creditAccountId.split("/")[0]]),
    ).toEqual([
      ["payment", "10000000", `merchant:${merchantId}:available`],
      ["adjustment", "10000000", `merchant:${merchantId}:held`],
      ["payment", "15000000", `merchant:${merchantId}:available`],
      ["adjustment", "10000000", `merchant:${merchantId}:available`],
    ]);
    await expectSound();
    await expectMatched(merchantId);
  });

  it("an overpaid invoice is held in review; accept releases it, a refund keeps the refund held", async () => {
    const before = await balance("USDT");
    const accepted = await create({
      amount: "5.00",
      currency: "USDT",
      payment_methods: [{ network: "devnet", asset: "USDT" }],
    });
    const refunded = await create({
      amount: "5.00",
      currency: "USDT",
      payment_methods: [{ network: "devnet", asset: "USDT" }],
    });
    await pay({ network: "devnet", asset: "USDT", to: addressOf(accepted), amount: 6_000_000n });
    await pay({ network: "devnet", asset: "USDT", to: addressOf(refunded), amount: 8_000_000n });
    await settle();
    expect(await balance("USDT")).toEqual({
      ...before,
      held: 14_000_000n,
      custodyDeposits: before.custodyDeposits + 14_000_000n,
    });

    const resolve = (id: string, body: Record<string, unknown>) =>
      resolveRoute(apiRequest("POST", `/api/v1/invoices/${id}/resolve`, { key, body }), params({ id }));
    expect((await resolve(accepted.id, { action: "accept" })).status).toBe(200);
    expect(await balance("USDT")).toEqual({
      ...before,
      available: before.available + 6_000_000n,
      held: 8_000_000n,
      custodyDeposits: before.custodyDeposits + 14_000_000n,
    });
    const refund = await resolve(refunded.id, {
      action: "refund",
      refund_address: "0x000000000000000000000000000000000000dEaD",
      refund_amount: "3.00",
    });
    expect(refund.status).toBe(200);
    // 3.00 stays held for the refund payout; the other 5.00 is the merchant's.
    expect(await balance("USDT")).toEqual({
      ...before,
      available: before.available + 11_000_000n,
      held: 3_000_000n,
      custodyDeposits: before.custodyDeposits + 14_000_000n,
    });
    await expectSound();
    await expectMatched(merchantId);
  });

  it("replaying the postings inserts nothing", async () => {
    const invoices = await db().invoice.findMany({ where: { merchantId }, select: { id: true } });
    const count = await db().ledgerTransfer.count({ where: { merchantId } });
    const balances = await getBalances(db(), { merchantId, livemode: false });
    for (const { id } of invoices) {
      await inTransaction(db(), async (tx) => {
        await syncInvoiceLedger(tx, { invoiceId: id, now: new Date() });
        await syncInvoiceLedger(tx, { invoiceId: id, now: new Date() });
      });
    }
    expect(await db().ledgerTransfer.count({ where: { merchantId } })).toBe(count);
    expect(await getBalances(db(), { merchantId, livemode: false })).toEqual(balances);
    await expectMatched(merchantId);
  });
});

describe("the ledger is append-only", () => {
  const sqlError = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (error) {
      return String((error as Error).message);
    }
    return "no error";
  };

  it("PostgreSQL refuses to edit a posted amount, to unpost, to delete a transfer or an account", async () => {
    const t = await db().ledgerTransfer.findFirstOrThrow({
      where: { merchantId, status: "posted" },
      select: { id: true, debitAccountId: true },
    });
    expect(
      await sqlError(db().$executeRaw`UPDATE ledger_transfers SET amount = amount + 1 WHERE id = ${t.id}`),
    ).toContain("append-only");
    expect(
      await sqlError(db().$executeRaw`UPDATE ledger_transfers SET status = 'voided' WHERE id = ${t.id}`),
    ).toContain("append-only");
    expect(await sqlError(db().$executeRaw`DELETE FROM ledger_transfers WHERE id = ${t.id}`)).toContain(
      "cannot be deleted",
    );
    expect(await sqlError(db().$executeRaw`DELETE FROM ledger_accounts WHERE id = ${t.debitAccountId}`)).toContain(
      "cannot be deleted",
    );
    await expectSound();
  });

  it("a merchant's available cannot go below zero", async () => {
    const available = `merchant:${merchantId}:available/devnet/USDC/test`;
    const custody = `custody:deposits:${merchantId}/devnet/USDC/test`;
    const row = await db().ledgerAccount.findUniqueOrThrow({
      where: { id: available },
      select: { creditsPosted: true, debitsPosted: true },
    });
    const tooMuch = BigInt(row.creditsPosted.toFixed(0)) - BigInt(row.debitsPosted.toFixed(0)) + 1n;
    const error = await sqlError(db().$executeRaw`
      INSERT INTO ledger_transfers (id, key, type, status, debit_account_id, credit_account_id, amount, livemode, network_id, asset, decimals, description)
      VALUES ('txn_overdraw', 'test:overdraw', 'adjustment', 'posted', ${available}, ${custody}, ${tooMuch.toString()}::numeric, false, 'devnet', 'USDC', 6, 'overdraw')`);
    expect(error).toContain("ledger_accounts_debits_within_credits");
    expect(await db().ledgerTransfer.count({ where: { key: "test:overdraw" } })).toBe(0);
  });
});

describe("balances and balance transactions through the API", () => {
  it("GET /api/v1/balances answers every figure as a decimal string", async () => {
    const res = await balancesRoute(apiRequest("GET", "/api/v1/balances", { key }), params({}));
    expect(res.status).toBe(200);
    const body = await res.json();
    // After the tests above: USDC 7 + 25 available; USDT 6 accepted + 5 of the refunded invoice, 3 held for the refund.
    expect(body).toEqual({
      object: "list",
      has_more: false,
      data: [
        {
          object: "balance",
          livemode: false,
          network: "devnet",
          asset: "USDC",
          decimals: 6,
          available: "32.00",
          pending: "0.00",
          reserved: "0.00",
          held: "0.00",
          custody: { deposit_addresses: "32.00", hot_wallet: "0.00" },
        },
        {
          object: "balance",
          livemode: false,
          network: "devnet",
          asset: "USDT",
          decimals: 6,
          available: "11.00",
          pending: "0.00",
          reserved: "0.00",
          held: "3.00",
          custody: { deposit_addresses: "14.00", hot_wallet: "0.00" },
        },
      ],
    });
  });

  it("GET /api/v1/balance_transactions lists signed movements newest first, filtered and paged", async () => {
    const list = async (query: string, apiKey = key) => {
      const res = await listTxnsRoute(
        apiRequest("GET", `/api/v1/balance_transactions${query}`, { key: apiKey }),
        params({}),
      );
      return { status: res.status, body: await res.json() };
    };
    const all = await list("?limit=100");
    expect(all.status).toBe(200);
    const usdc = all.body.data.filter((t: { asset: string }) => t.asset === "USDC");
    // Oldest last: 7.00 paid; 10.00 received short, held, 15.00 received, 10.00 released.
    expect(
      usdc.map((t: { type: string; amount: string; status: string }) => [t.type, t.amount, t.status]).reverse(),
    ).toEqual([
      ["payment", "7.00", "posted"],
      ["payment", "10.00", "posted"],
      ["adjustment", "-10.00", "posted"],
      ["payment", "15.00", "posted"],
      ["adjustment", "10.00", "posted"],
    ]);
    const sum = all.body.data
      .filter((t: { status: string }) => t.status === "posted")
      .reduce((acc: bigint, t: { amount_base_units: string }) => acc + BigInt(t.amount_base_units), 0n);
    expect(sum).toBe(43_000_000n); // = available USDC 32 + USDT 11

    const first = await list("?type=payment&asset=USDT&limit=1");
    expect(first.body.data).toHaveLength(1);
    expect(first.body).toMatchObject({
      has_more: true,
      data: [{ type: "payment", asset: "USDT", network: "devnet", status: "posted" }],
    });
    const second = await list(`?type=payment&asset=USDT&limit=1&starting_after=${first.body.data[0].id}`);
    expect(second.body).toMatchObject({ has_more: false, data: [{ type: "payment", asset: "USDT" }] });
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
    expect(second.body.data[0].invoice).toMatch(/^inv_/);
    expect(second.body.data[0].source).toMatch(/^pay_/);
    expect(second.body.data[0].tx_hash).toMatch(/^0x[0-9a-f]{64}$/);

    const one = await getTxnRoute(
      apiRequest("GET", `/api/v1/balance_transactions/${first.body.data[0].id}`, { key }),
      params({ id: first.body.data[0].id }),
    );
    expect(await one.json()).toEqual(first.body.data[0]);

    expect(await list("?created_gte=yesterday")).toMatchObject({
      status: 422,
      body: { error: { code: "parameter_invalid", param: "created_gte" } },
    });
    expect(await list("?type=gift")).toMatchObject({
      status: 422,
      body: { error: { code: "parameter_invalid", param: "type" } },
    });
    expect(await list("?colour=red")).toMatchObject({
      status: 422,
      body: { error: { code: "parameter_unknown", param: "colour" } },
    });

    const other = await createTestMerchant();
    expect(await list("?limit=100", other.key)).toEqual({
      status: 200,
      body: { object: "list", data: [], has_more: false },
    });
    const foreign = await getTxnRoute(
      apiRequest("GET", `/api/v1/balance_transactions/${first.body.data[0].id}`, { key: other.key }),
      params({ id: first.body.data[0].id }),
    );
    expect(foreign.status).toBe(404);
  });
});

describe("backfill", () => {
  it("posts the entries of history recorded before the ledger, once", async () => {
    // A paid invoice as the code before the ledger left it: a confirmed payment and the status, no entries.
    const m = await createTestMerchant();
    const res = await createRoute(
      apiRequest("POST", "/api/v1/invoices", {
        key: m.key,
        body: { amount: "4.00", currency: "USDC", payment_methods: [{ network: "devnet", asset: "USDC" }] },
      }),
      params({}),
    );
    const invoice: InvoiceResponse = await res.json();
    const txHash = `0x${"ab".repeat(32)}`;
    await db().$executeRaw`
      INSERT INTO payments (id, invoice_id, network_id, asset, token_address, decimals, tx_hash, log_index, from_address, to_address,
                            amount, block_number, block_hash, status, detected_at, confirmed_at, updated_at)
      VALUES ('pay_backfill_test', ${invoice.id}, 'devnet', 'USDC', ${invoice.payment_options[0]!.token_address}, 6, ${txHash}, 0,
              '0x0000000000000000000000000000000000000001', ${addressOf(invoice).toLowerCase()}, 4000000, 1, ${`0x${"cd".repeat(32)}`},
              'confirmed', now(), now(), now())`;
    await db()
      .$executeRaw`UPDATE invoices SET status = 'paid', amount_paid = 400, paid_at = now() WHERE id = ${invoice.id}`;
    expect(await db().ledgerTransfer.count({ where: { invoiceId: invoice.id } })).toBe(0);

    expect(await backfillLedger(db())).toBeGreaterThanOrEqual(1);
    const [b] = await getBalances(db(), { merchantId: m.merchantId, livemode: false });
    expect(b).toEqual({
      networkId: "devnet",
      asset: "USDC",
      available: 4_000_000n,
      pending: 0n,
      reserved: 0n,
      held: 0n,
      custodyDeposits: 4_000_000n,
    });
    expect(await backfillLedger(db())).toBe(0);
    expect(await db().ledgerTransfer.count({ where: { invoiceId: invoice.id } })).toBe(1);
    expect(await checkLedgerInvariants(db(), { merchantId: m.merchantId })).toEqual([]);
  });
});
