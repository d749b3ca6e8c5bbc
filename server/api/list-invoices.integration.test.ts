import { beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { POST as cancelRoute } from "@/app/api/v1/invoices/[id]/cancel/route";
import { GET as eventsRoute } from "@/app/api/v1/invoices/[id]/events/route";
import { GET as getRoute } from "@/app/api/v1/invoices/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/invoices/route";
import { db, inTransaction } from "@/server/db";
import { createInvoice } from "@/server/invoices/create-invoice";
import { tick } from "@/server/jobs/tick";
import { eventBody } from "@/server/webhooks/event-body";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";

const T = Date.parse("2026-02-01T00:00:00Z");
const at = (minutes: number) => new Date(T + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

let key: string;
let merchantId: string;
let other: { key: string; merchantId: string };
/** The merchant's invoices: index i created at T + i minutes, except 3 and 4 at the same minute. */
const ids: string[] = [];
/** The API's order: newest first, ties broken by id (descending). */
let newestFirst: string[] = [];

async function list(
  query: string,
  apiKey = key,
): Promise<{
  status: number;
  body: { object: string; data: { id: string }[]; has_more: boolean } & { error?: Record<string, string> };
}> {
  const res = await listRoute(apiRequest("GET", `/api/v1/invoices${query}`, { key: apiKey }), params({}));
  return { status: res.status, body: await res.json() };
}
const idsOf = async (query: string) => {
  const { status, body } = await list(query);
  expect(status).toBe(200);
  return { ids: body.data.map((i) => i.id), has_more: body.has_more };
};

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  other = await createTestMerchant();
  const minutes = [0, 1, 2, 3, 3, 5, 6];
  for (const [i, m] of minutes.entries()) {
    const orderId = i === 1 || i === 4 ? "ord_shared" : `ord_${i}`;
    const { id } = await inTransaction(db(), (tx) =>
      createInvoice(tx, {
        merchantId,
        livemode: false,
        request: { amount: "1.00", currency: "USDC", order_id: orderId },
        now: at(m),
      }),
    );
    ids.push(id);
  }
  for (const i of [2, 5]) {
    const id = ids[i]!;
    expect(
      (await cancelRoute(apiRequest("POST", `/api/v1/invoices/${id}/cancel`, { key }), params({ id }))).status,
    ).toBe(200);
  }
  await inTransaction(db(), (tx) =>
    createInvoice(tx, {
      merchantId: other.merchantId,
      livemode: false,
      request: { amount: "1.00", currency: "USDC", order_id: "ord_shared" },
      now: at(4),
    }),
  );
  const tied = [ids[3]!, ids[4]!].sort().reverse();
  newestFirst = [ids[6]!, ids[5]!, ...tied, ids[2]!, ids[1]!, ids[0]!];
});

describe("GET /api/v1/invoices", () => {
  it("lists the merchant's invoices newest first as full invoice objects", async () => {
    const { status, body } = await list("");
    expect(status).toBe(200);
    expect(body.object).toBe("list");
    expect(body.has_more).toBe(false);
    expect(body.data.map((i) => i.id)).toEqual(newestFirst);
    const single = await (
      await getRoute(apiRequest("GET", `/api/v1/invoices/${ids[6]}`, { key }), params({ id: ids[6]! }))
    ).json();
    expect(body.data[0]).toEqual(single);
  });

  it("pages forward with starting_after and back with ending_before, exactly", async () => {
    const p1 = await idsOf("?limit=3");
    expect(p1).toEqual({ ids: newestFirst.slice(0, 3), has_more: true });
    const p2 = await idsOf(`?limit=3&starting_after=${p1.ids[2]}`);
    expect(p2).toEqual({ ids: newestFirst.slice(3, 6), has_more: true });
    const p3 = await idsOf(`?limit=3&starting_after=${p2.ids[2]}`);
    expect(p3).toEqual({ ids: newestFirst.slice(6), has_more: false });
    expect(await idsOf(`?limit=3&ending_before=${p3.ids[0]}`)).toEqual({
      ids: newestFirst.slice(3, 6),
      has_more: true,
    });
    expect(await idsOf(`?limit=3&ending_before=${p2.ids[0]}`)).toEqual({
      ids: newestFirst.slice(0, 3),
      has_more: false,
    });
    expect(await idsOf(`?limit=2&ending_before=${newestFirst[3]}`)).toEqual({
      ids: newestFirst.slice(1, 3),
      has_more: true,
    });
  });

  it("filters by status, order id and creation time, and pages within a filter", async () => {
    expect(await idsOf("?status=cancelled")).toEqual({ ids: [ids[5], ids[2]], has_more: false });
    expect(await idsOf("?status=created&limit=2")).toEqual({ ids: [ids[6], newestFirst[2]], has_more: true });
    expect(await idsOf("?order_id=ord_shared")).toEqual({ ids: [ids[4], ids[1]], has_more: false });
    expect(await idsOf(`?created_gte=${iso(2)}&created_lt=${iso(5)}`)).toEqual({
      ids: newestFirst.slice(2, 5),
      has_more: false,
    });
    expect(await idsOf(`?created_gte=${encodeURIComponent("2026-02-01T01:03:00+01:00")}`)).toEqual({
      ids: newestFirst.slice(0, 4),
      has_more: false,
    });
    expect(await idsOf(`?created_lt=${iso(3)}&status=created&starting_after=${ids[1]}`)).toEqual({
      ids: [ids[0]],
      has_more: false,
    });
    expect(await idsOf("?status=paid")).toEqual({ ids: [], has_more: false });
  });

  it("refuses bad parameters with a 422 naming the parameter, and another merchant's cursor with a 404", async () => {
    const cases: [string, number, string, string][] = [
      ["?limit=0", 422, "parameter_invalid", "limit"],
      ["?limit=101", 422, "parameter_invalid", "limit"],
      ["?limit=ten", 422, "parameter_invalid", "limit"],
      ["?status=lost", 422, "parameter_invalid", "status"],
      ["?created_gte=yesterday", 422, "parameter_invalid", "created_gte"],
      ["?created_lt=2026-02-01", 422, "parameter_invalid", "created_lt"],
      ["?colour=red", 422, "parameter_unknown", "colour"],
      [`?starting_after=${ids[1]}&ending_before=${ids[2]}`, 422, "parameter_invalid", "ending_before"],
      ["?starting_after=inv_doesnotexist", 404, "resource_missing", "starting_after"],
    ];
    for (const [query, status, code, param] of cases) {
      const res = await list(query);
      expect([query, res.status, res.body.error?.code, res.body.error?.param]).toEqual([query, status, code, param]);
    }
    const foreign = await list(`?ending_before=${ids[3]}`, other.key);
    expect([foreign.status, foreign.body.error]).toEqual([
      404,
      {
        type: "invalid_request_error",
        code: "resource_missing",
        message: `No such object: '${ids[3]}'.`,
        param: "ending_before",
      },
    ]);
    expect((await list("?status=created&limit=1")).body.error).toBeUndefined();
    expect((await list(`?created_gte=${encodeURIComponent("2026-02-01T00:00:00Z")}`)).body.error).toBeUndefined();
  });

  it("scopes to the key's merchant", async () => {
    const { body } = await list("?order_id=ord_shared", other.key);
    expect(body.data).toHaveLength(1);
    expect(ids).not.toContain(body.data[0]!.id);
  });
});

describe("GET /api/v1/invoices/{id}/events", () => {
  it("lists an invoice's events in sequence order, as webhooks carry them, and pages through them", async () => {
    const created = await (
      await createRoute(
        apiRequest("POST", "/api/v1/invoices", { key, body: { amount: "4.00", currency: "USDC" } }),
        params({}),
      )
    ).json();
    await tick(db(), { owner: "list-events" });
    await pay({
      network: "devnet",
      asset: "USDC",
      to: created.payment_options[0].address as Address,
      amount: 1_000_000n,
    });
    await mine("devnet", 2);
    await tick(db(), { owner: "list-events" });
    const id: string = created.id;
    const events = async (query = "", apiKey = key) => {
      const res = await eventsRoute(
        apiRequest("GET", `/api/v1/invoices/${id}/events${query}`, { key: apiKey }),
        params({ id }),
      );
      return { status: res.status, body: await res.json() };
    };

    const rows = await db().event.findMany({ where: { invoiceId: id }, orderBy: { sequence: "asc" } });
    expect(rows.map((e) => [e.sequence, e.type])).toEqual([
      [1, "invoice.created"],
      [2, "payment.detected"],
      [3, "invoice.pending"],
      [4, "payment.confirmed"],
      [5, "invoice.partially_paid"],
    ]);
    const all = await events();
    expect(all).toEqual({
      status: 200,
      body: { object: "list", data: JSON.parse(JSON.stringify(rows.map(eventBody))), has_more: false },
    });

    const seq = (page: { body: { data: { sequence: number }[]; has_more: boolean } }) => [
      page.body.data.map((e) => e.sequence),
      page.body.has_more,
    ];
    expect(seq(await events("?limit=2"))).toEqual([[1, 2], true]);
    expect(seq(await events(`?limit=2&starting_after=${rows[1]!.id}`))).toEqual([[3, 4], true]);
    expect(seq(await events(`?limit=2&starting_after=${rows[3]!.id}`))).toEqual([[5], false]);
    expect(seq(await events(`?limit=2&ending_before=${rows[4]!.id}`))).toEqual([[3, 4], true]);
    expect(seq(await events(`?limit=2&ending_before=${rows[2]!.id}`))).toEqual([[1, 2], false]);

    const hidden = await events("", other.key);
    expect([hidden.status, hidden.body.error]).toEqual([
      404,
      { type: "invalid_request_error", code: "resource_missing", message: `No such invoice: '${id}'.`, param: "id" },
    ]);
    const foreignCursor = await db().event.findFirstOrThrow({ where: { invoiceId: ids[0] } });
    expect((await events(`?starting_after=${foreignCursor.id}`)).body.error).toMatchObject({
      code: "resource_missing",
      param: "starting_after",
    });
    expect((await events("?limit=500")).body.error).toMatchObject({ code: "parameter_invalid", param: "limit" });
    expect((await events("?type=invoice.paid")).body.error).toMatchObject({ code: "parameter_unknown", param: "type" });
  });
});
