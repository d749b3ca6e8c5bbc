import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { GET as listBalanceTransactionsRoute } from "@/app/api/v1/balance_transactions/route";
import { GET as exportRoute } from "@/app/api/v1/exports/[file]/route";
import { GET as listInvoicesRoute, POST as createRoute } from "@/app/api/v1/invoices/route";
import { db } from "@/server/db";
import { pgPool } from "@/server/db/pg-pool";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { tick } from "@/server/jobs/tick";
import type { BalanceTransactionResponse } from "@/server/ledger/balance.schema";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { streamExport } from "./stream-export";

// Exports through the real route on real chains: invoices paid on the devnet, settled by the tick,
// then every CSV parsed back and compared, row for row, with what the API answers for the same objects.

let key: string;
let merchantId: string;
let otherKey: string;
let plain: InvoiceResponse;
let fiat: InvoiceResponse;
let short: InvoiceResponse;
let foreign: InvoiceResponse;

async function create(apiKey: string, body: Record<string, unknown>): Promise<InvoiceResponse> {
  const res = await createRoute(apiRequest("POST", "/api/v1/invoices", { key: apiKey, body }), params({}));
  expect(res.status).toBe(201);
  return res.json();
}

const addressOf = (invoice: InvoiceResponse) => invoice.payment_options[0]!.address as Address;

async function download(file: string, query = "", apiKey = key): Promise<Response> {
  return exportRoute(apiRequest("GET", `/api/v1/exports/${file}${query}`, { key: apiKey }), params({ file }));
}

/** The CSV's text without its BOM, parsed into header and records. */
async function csvOf(res: Response): Promise<{ header: string[]; rows: Record<string, string>[]; text: string }> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.slice(3));
  const records: string[][] = parse(text);
  const [header = [], ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))), text };
}

async function apiList<T>(route: typeof listInvoicesRoute, path: string): Promise<T[]> {
  const res = await route(apiRequest("GET", `${path}?limit=100`, { key }), params({}));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: T[]; has_more: boolean };
  expect(body.has_more).toBe(false);
  return body.data.reverse(); // the API lists newest first, exports oldest first
}

/** Rows in a fixed order, for checks of what a list holds (rows of the same tick may share a time and order by id). */
const sorted = (rows: (string | undefined)[][]) => [...rows].sort((a, b) => a.join().localeCompare(b.join()));
const cell = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? "" : String(v));
const escaped = (v: string | null) => (v !== null && /^[=+\-@\t\r]/.test(v) ? `'${v}` : cell(v));

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  ({ key: otherKey } = await createTestMerchant());
  await tick(db(), { owner: "exports-test" });
  plain = await create(key, {
    amount: "7.00",
    currency: "USDC",
    order_id: "-order-1",
    description: '=HYPERLINK("http://evil")',
    metadata: { crm: "+42" },
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  fiat = await create(key, {
    amount: "3.00",
    currency: "USD",
    order_id: "order-2",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  short = await create(key, {
    amount: "25.00",
    currency: "USDT",
    description: "@short",
    payment_methods: [{ network: "devnet", asset: "USDT" }],
  });
  foreign = await create(otherKey, {
    amount: "2.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  await pay({ network: "devnet", asset: "USDC", to: addressOf(plain), amount: 7_000_000n });
  await pay({ network: "devnet", asset: "USDC", to: addressOf(fiat), amount: 3_000_000n });
  await pay({ network: "devnet", asset: "USDT", to: addressOf(short), amount: 10_000_000n });
  await pay({ network: "devnet", asset: "USDC", to: addressOf(foreign), amount: 2_000_000n });
  await tick(db(), { owner: "exports-test" });
  await mine("devnet", 2);
  await tick(db(), { owner: "exports-test" });
});

describe("GET /api/v1/exports/{kind}.csv", () => {
  it("invoices: the API's invoice objects row for row, oldest first, with formulas escaped", async () => {
    const res = await download("invoices.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="payrail-invoices-test.csv"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { header, rows } = await csvOf(res);
    const invoices = await apiList<InvoiceResponse>(listInvoicesRoute, "/api/v1/invoices");
    expect(invoices.map((i) => i.id)).toEqual([plain.id, fiat.id, short.id]);
    expect(header).toEqual([
      "id",
      "created_at",
      "status",
      "order_id",
      "description",
      "amount",
      "currency",
      "amount_paid",
      "amount_due",
      "amount_overpaid",
      "paid_at",
      "expires_at",
      "review_reason",
      "livemode",
      "deposit_address",
      "rates",
      "metadata",
    ]);
    expect(rows).toEqual(
      invoices.map((i) => ({
        id: i.id,
        created_at: i.created_at,
        status: i.status,
        order_id: escaped(i.order_id),
        description: escaped(i.description),
        amount: i.amount,
        currency: i.currency,
        amount_paid: i.amount_paid,
        amount_due: i.amount_due,
        amount_overpaid: i.amount_overpaid,
        paid_at: cell(i.paid_at),
        expires_at: i.expires_at,
        review_reason: cell(i.review_reason),
        livemode: "false",
        deposit_address: i.payment_options[0]!.address,
        rates: i.payment_options
          .filter((o) => o.rate !== null)
          .map((o) => `${o.network}:${o.asset}=${o.rate}`)
          .join(";"),
        metadata: JSON.stringify(i.metadata),
      })),
    );
    // The exact cells: the statuses the chain produced, the formula neutralised, the fiat invoice's locked rate.
    expect(rows.map((r) => [r.status, r.order_id, r.description, r.amount_paid, r.rates])).toEqual([
      ["paid", "'-order-1", '\'=HYPERLINK("http://evil")', "7.00", ""],
      ["paid", "order-2", "", "3.00", "devnet:USDC=1.00"],
      ["partially_paid", "", "'@short", "10.00", ""],
    ]);
  });

  it("payments: every payment of the API's invoices, with its invoice, order, rate and fiat value", async () => {
    const { header, rows } = await csvOf(await download("payments.csv"));
    const invoices = await apiList<InvoiceResponse>(listInvoicesRoute, "/api/v1/invoices");
    // Oldest detection first; payments detected in the same tick share the time and follow PostgreSQL's id order.
    const position = new Map(rows.map((r, n) => [r.id, n]));
    const payments = invoices
      .flatMap((i) =>
        i.payments.map((p) => ({
          i,
          p,
          o: i.payment_options.find((o) => o.network === p.network && o.asset === p.asset)!,
        })),
      )
      .sort(
        (a, b) =>
          a.p.detected_at.localeCompare(b.p.detected_at) || (position.get(a.p.id) ?? 0) - (position.get(b.p.id) ?? 0),
      );
    expect(header).toEqual([
      "id",
      "invoice",
      "order_id",
      "network",
      "chain_id",
      "asset",
      "token_address",
      "amount",
      "amount_base_units",
      "tx_hash",
      "log_index",
      "block_number",
      "from",
      "to",
      "status",
      "detected_at",
      "confirmed_at",
      "currency",
      "rate",
      "fiat_amount",
    ]);
    expect(rows).toEqual(
      payments.map(({ i, p, o }) => ({
        id: p.id,
        invoice: i.id,
        order_id: escaped(i.order_id),
        network: p.network,
        chain_id: String(o.chain_id),
        asset: p.asset,
        token_address: cell(o.token_address),
        amount: p.amount,
        amount_base_units: p.amount_base_units,
        tx_hash: p.tx_hash,
        log_index: cell(p.log_index),
        block_number: String(p.block_number),
        from: p.from,
        to: p.to,
        status: p.status,
        detected_at: p.detected_at,
        confirmed_at: cell(p.confirmed_at),
        currency: i.currency,
        rate: cell(o.rate),
        fiat_amount: o.rate === null ? "" : i.amount_paid,
      })),
    );
    expect(sorted(rows.map((r) => [r.invoice, r.amount, r.status, r.currency, r.rate, r.fiat_amount]))).toEqual(
      sorted([
        [plain.id, "7.00", "confirmed", "USDC", "", ""],
        [fiat.id, "3.00", "confirmed", "USD", "1.00", "3.00"],
        [short.id, "10.00", "confirmed", "USDT", "", ""],
      ]),
    );
  });

  it("balance_transactions: the balance-transactions API's objects row for row; a negative amount is not escaped", async () => {
    const { header, rows } = await csvOf(await download("balance_transactions.csv"));
    const objects = await apiList<BalanceTransactionResponse>(
      listBalanceTransactionsRoute,
      "/api/v1/balance_transactions",
    );
    expect(header).toEqual([
      "id",
      "type",
      "status",
      "network",
      "asset",
      "amount",
      "amount_base_units",
      "source",
      "invoice",
      "order_id",
      "tx_hash",
      "block_number",
      "description",
      "created_at",
      "posted_at",
      "voided_at",
      "livemode",
    ]);
    expect(rows).toEqual(
      objects.map((o) => ({
        id: o.id,
        type: o.type,
        status: o.status,
        network: o.network,
        asset: o.asset,
        amount: o.amount,
        amount_base_units: o.amount_base_units,
        source: cell(o.source),
        invoice: cell(o.invoice),
        order_id: escaped(o.order_id),
        tx_hash: cell(o.tx_hash),
        block_number: cell(o.block_number),
        description: escaped(o.description),
        created_at: o.created_at,
        posted_at: cell(o.posted_at),
        voided_at: cell(o.voided_at),
        livemode: String(o.livemode),
      })),
    );
    // Three payments in, and the short invoice's 10 USDT held: taken from available, so negative and as is.
    expect(sorted(rows.map((r) => [r.type, r.status, r.asset, r.amount, r.amount_base_units, r.invoice]))).toEqual(
      sorted([
        ["payment", "posted", "USDC", "7.00", "7000000", plain.id],
        ["payment", "posted", "USDC", "3.00", "3000000", fiat.id],
        ["payment", "posted", "USDT", "10.00", "10000000", short.id],
        ["adjustment", "posted", "USDT", "-10.00", "-10000000", short.id],
      ]),
    );
  });

  it("xero and quickbooks: posted balance transactions in each tool's bank-statement columns and dates", async () => {
    const objects = await apiList<BalanceTransactionResponse>(
      listBalanceTransactionsRoute,
      "/api/v1/balance_transactions",
    );
    const day = (iso: string) => iso.slice(0, 10).split("-") as [string, string, string];

    const xero = await csvOf(await download("xero.csv", "?network=devnet&asset=usdt"));
    const usdt = objects.filter((o) => o.asset === "USDT");
    expect(xero.header).toEqual(["Date", "Amount", "Payee", "Description", "Reference"]);
    expect(xero.rows.map((r) => [r.Date, r.Amount, r.Reference])).toEqual(
      usdt.map((o) => {
        const [y, m, d] = day(o.posted_at!);
        return [`${d}/${m}/${y}`, o.amount, o.invoice];
      }),
    );
    const invoices = await apiList<InvoiceResponse>(listInvoicesRoute, "/api/v1/invoices");
    const payer = invoices.find((i) => i.id === short.id)!.payments[0]!.from;
    const payment = usdt.find((o) => o.type === "payment")!;
    expect(sorted(xero.rows.map((r) => [r.Amount, r.Payee, r.Reference]))).toEqual(
      sorted([
        ["10.00", payer, short.id],
        ["-10.00", "Payrail", short.id],
      ]),
    );
    expect(xero.rows.find((r) => r.Amount === "10.00")!.Description).toBe(
      `${payment.description} (USDT on devnet; ${payment.id} tx ${payment.tx_hash})`,
    );

    const qb = await csvOf(await download("quickbooks.csv"));
    expect(qb.header).toEqual(["Date", "Description", "Amount"]);
    expect(qb.rows.map((r) => [r.Date, r.Amount])).toEqual(
      objects.map((o) => {
        const [y, m, d] = day(o.posted_at!);
        return [`${m}/${d}/${y}`, o.amount];
      }),
    );
    expect(qb.rows.find((r) => r.Amount === "7.00")!.Description).toMatch(/^Order -order-1: Payment pay_/);
  });

  it("filters by network, asset and creation time", async () => {
    const usdt = await csvOf(await download("payments.csv", "?asset=USDT"));
    expect(usdt.rows.map((r) => r.invoice)).toEqual([short.id]);
    const elsewhere = await csvOf(await download("invoices.csv", "?network=devnet-b"));
    expect(elsewhere.rows).toEqual([]);
    const all = await csvOf(await download("invoices.csv"));
    const second = all.rows[1]!.created_at!;
    const range = await csvOf(
      await download("invoices.csv", `?created_gte=${encodeURIComponent(second)}&created_lt=2100-01-01T00:00:00Z`),
    );
    expect(range.rows.map((r) => r.id)).toEqual(all.rows.slice(1).map((r) => r.id));
    const before = await csvOf(await download("invoices.csv", `?created_lt=${encodeURIComponent(second)}`));
    expect(before.rows.map((r) => r.id)).toEqual([all.rows[0]!.id]);
  });

  it("never shows another merchant's rows", async () => {
    for (const file of ["invoices.csv", "payments.csv", "balance_transactions.csv", "xero.csv", "quickbooks.csv"]) {
      const mine = (await csvOf(await download(file))).text;
      expect(mine).not.toContain(foreign.id);
      expect(mine).not.toContain(foreign.payment_options[0]!.address);
    }
    const theirs = await csvOf(await download("invoices.csv", "", otherKey));
    expect(theirs.rows.map((r) => r.id)).toEqual([foreign.id]);
    const theirPayments = await csvOf(await download("balance_transactions.csv", "", otherKey));
    expect(theirPayments.rows.map((r) => [r.invoice, r.amount])).toEqual([[foreign.id, "2.00"]]);
  });

  it("streams a range of many pages: every row exactly once, in order, the same bytes as one page", async () => {
    const whole = await new Response(
      streamExport(pgPool(), {
        kind: "balance_transactions",
        filters: { merchantId, livemode: false },
        pageSize: 1000,
      }),
    ).text();
    for (const pageSize of [1, 2, 3]) {
      const paged = await new Response(
        streamExport(pgPool(), { kind: "balance_transactions", filters: { merchantId, livemode: false }, pageSize }),
      ).text();
      expect(paged).toBe(whole);
    }
    const rows: string[][] = parse(whole.slice(1), { from_line: 2 });
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r[0])).size).toBe(4);
    const keys = rows.map((r) => `${r[13]} ${r[0]}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("refuses unknown kinds (404), bad dates and filters (422 with param), and a missing key (401)", async () => {
    const error = async (res: Response): Promise<Record<string, string | number>> => ({
      status: res.status,
      ...((await res.json()) as { error: Record<string, string> }).error,
    });
    for (const file of ["nope.csv", "payouts.json", "refunds", "invoices.json", "invoices"]) {
      const body = await error(await download(file));
      expect(body).toMatchObject({ status: 404, code: "resource_missing", param: "kind" });
      expect(body.message).toContain(`Unknown export '${file}'`);
    }
    expect(await error(await download("invoices.csv", "?created_gte=yesterday"))).toMatchObject({
      status: 422,
      code: "parameter_invalid",
      param: "created_gte",
    });
    expect(await error(await download("payments.csv", "?created_lt=2026-13-01"))).toMatchObject({
      status: 422,
      code: "parameter_invalid",
      param: "created_lt",
    });
    expect(
      await error(await download("invoices.csv", "?created_gte=2026-02-01T00:00:00Z&created_lt=2026-01-01T00:00:00Z")),
    ).toMatchObject({
      status: 422,
      code: "parameter_invalid",
      param: "created_lt",
    });
    expect(await error(await download("invoices.csv", "?network=ethereum"))).toMatchObject({
      status: 422,
      code: "unsupported_network",
      param: "network",
    });
    expect(await error(await download("invoices.csv", "?network=devnet&asset=DOGE"))).toMatchObject({
      status: 422,
      code: "unsupported_asset",
      param: "asset",
    });
    expect(await error(await download("invoices.csv", "?page_size=1"))).toMatchObject({
      status: 422,
      code: "parameter_unknown",
      param: "page_size",
    });
    const anonymous = await exportRoute(
      apiRequest("GET", "/api/v1/exports/invoices.csv"),
      params({ file: "invoices.csv" }),
    );
    expect(anonymous.status).toBe(401);
  });
});
