import { beforeAll, describe, expect, it } from "vitest";
import { POST as advanceRoute } from "@/app/api/v1/invoice_schedules/[id]/advance/route";
import { POST as cancelRoute } from "@/app/api/v1/invoice_schedules/[id]/cancel/route";
import { POST as pauseRoute } from "@/app/api/v1/invoice_schedules/[id]/pause/route";
import { POST as resumeRoute } from "@/app/api/v1/invoice_schedules/[id]/resume/route";
import { GET as getRoute } from "@/app/api/v1/invoice_schedules/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/invoice_schedules/route";
import { GET as getInvoiceRoute } from "@/app/api/v1/invoices/[id]/route";
import { createCustomer } from "@/server/customers/create-customer";
import { db } from "@/server/db";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { pauseSchedule } from "./pause-schedule";
import { resumeSchedule } from "./resume-schedule";
import { runDueSchedule } from "./run-due-schedule";
import { periodDueAt } from "./schedule-periods";

const noParams = params({});
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Schedule = {
  id: string;
  start_at: string;
  status: string;
  next_run_at: string | null;
  invoices_created: number;
  last_invoice: string | null;
};

async function create(key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return createRoute(apiRequest("POST", "/api/v1/invoice_schedules", { key, body, headers }), noParams);
}

async function createOk(key: string, body: Record<string, unknown>): Promise<Schedule> {
  const res = await create(key, body);
  expect(res.status).toBe(201);
  return res.json();
}

const action = (route: typeof advanceRoute, verb: string) => async (key: string, id: string) =>
  route(apiRequest("POST", `/api/v1/invoice_schedules/${id}/${verb}`, { key }), params({ id }));
const advance = action(advanceRoute, "advance");
const pause = action(pauseRoute, "pause");
const resume = action(resumeRoute, "resume");
const cancel = action(cancelRoute, "cancel");

/** A schedule's invoices, oldest first, and its period rows. */
async function stored(scheduleId: string) {
  const invoices = await db().invoice.findMany({
    where: { scheduleId },
    orderBy: { createdAt: "asc" },
    select: { id: true, orderId: true, amount: true, currency: true, status: true },
  });
  const runs = await db().invoiceScheduleRun.findMany({
    where: { scheduleId },
    orderBy: { period: "asc" },
    select: { period: true, status: true, skipReason: true, invoiceId: true, dueAt: true },
  });
  return { invoices, runs };
}

describe("invoice schedules through the API", () => {
  let key: string;
  let merchantId: string;
  beforeAll(async () => {
    ({ key, merchantId } = await createTestMerchant());
  });

  it("creates a schedule: 201 with the inputs, active, next run at the start, nothing created yet", async () => {
    const startAt = new Date(Date.now() + 2 * HOUR);
    startAt.setUTCMilliseconds(0);
    const res = await create(key, {
      amount: "25.00",
      currency: "usdc",
      interval: "month",
      interval_count: 1,
      start_at: startAt.toISOString(),
      order_id_prefix: "plan-7-",
      description: "Pro plan",
      metadata: { plan: "pro" },
      payment_methods: [{ network: "devnet", asset: "USDC" }],
      expires_in: 86_400,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.id).toMatch(/^sch_[0-9A-Za-z]{22}$/);
    expect(body).toEqual({
      id: body.id,
      object: "invoice_schedule",
      livemode: false,
      status: "active",
      amount: "25.00",
      currency: "USDC",
      interval: "month",
      interval_count: 1,
      start_at: startAt.toISOString(),
      customer: null,
      order_id_prefix: "plan-7-",
      description: "Pro plan",
      metadata: { plan: "pro" },
      payment_methods: [{ network: "devnet", asset: "USDC" }],
      expires_in: 86_400,
      next_run_at: startAt.toISOString(),
      invoices_created: 0,
      last_invoice: null,
      created_at: body.created_at,
      paused_at: null,
      cancelled_at: null,
    });
    const got = await getRoute(
      apiRequest("GET", `/api/v1/invoice_schedules/${body.id}`, { key }),
      params({ id: body.id }),
    );
    expect([got.status, await got.json()]).toEqual([200, body]);
    const list = await listRoute(apiRequest("GET", "/api/v1/invoice_schedules?status=active", { key }), noParams);
    expect(list.status).toBe(200);
    expect((await list.json()).data.map((s: Schedule) => s.id)).toContain(body.id);
  });

  it("an Idempotency-Key replays the first response and stores one schedule", async () => {
    const { key: k, merchantId: m } = await createTestMerchant();
    const body = { amount: "5.00", currency: "USDC", interval: "week" };
    const first = await create(k, body, { "idempotency-key": "sch-idem-1" });
    const again = await create(k, body, { "idempotency-key": "sch-idem-1" });
    expect([first.status, again.status, again.headers.get("idempotent-replayed")]).toEqual([201, 201, "true"]);
    expect((await again.json()).id).toBe((await first.json()).id);
    expect(await db().invoiceSchedule.count({ where: { merchantId: m } })).toBe(1);
  });

  it.each([
    [{ interval_count: 0 }, 422, "parameter_invalid", "interval_count"],
    [{ interval_count: -3 }, 422, "parameter_invalid", "interval_count"],
    [{ interval_count: 1.5 }, 422, "parameter_invalid", "interval_count"],
    [{ interval: "fortnight" }, 422, "parameter_invalid", "interval"],
    [{ interval: undefined }, 422, "parameter_invalid", "interval"],
    [{ start_at: new Date(Date.now() - DAY - HOUR).toISOString() }, 422, "parameter_invalid", "start_at"],
    [{ start_at: "next tuesday" }, 422, "parameter_invalid", "start_at"],
    [{ amount: "0" }, 422, "parameter_invalid", "amount"],
    [{ amount: "-5.00" }, 422, "parameter_invalid", "amount"],
    [{ amount: "1.2.3" }, 422, "parameter_invalid", "amount"],
    [{ amount: 25 }, 422, "parameter_invalid", "amount"],
    [{ amount: "1.0000001" }, 422, "parameter_invalid", "amount"],
    [{ currency: "DOGE" }, 422, "unsupported_asset", "currency"],
    [{ customer: "cus_123" }, 404, "resource_missing", "customer"],
    [{ order_id_prefix: "x".repeat(181) }, 422, "parameter_invalid", "order_id_prefix"],
    [
      { payment_methods: [{ network: "mainnet", asset: "USDC" }] },
      422,
      "unsupported_network",
      "payment_methods[0].network",
    ],
    [{ surprise: true }, 422, "parameter_unknown", "surprise"],
  ])("bad input %j: %i %s on %s, nothing stored", async (change, status, code, param) => {
    const { key: k, merchantId: m } = await createTestMerchant();
    const res = await create(k, { amount: "10.00", currency: "USDC", interval: "month", ...change });
    expect(res.status).toBe(status);
    expect((await res.json()).error).toMatchObject({ code, param });
    expect(await db().invoiceSchedule.count({ where: { merchantId: m } })).toBe(0);
  });

  it("a schedule bills one of the merchant's customers: its invoices carry the customer's email; another merchant's customer is a 404", async () => {
    const customer = await createCustomer(db(), {
      merchantId,
      livemode: false,
      request: { reference: "sched-cus", email: "billing@example.com" },
    });
    const schedule = await createOk(key, {
      amount: "9.00",
      currency: "USDC",
      interval: "month",
      customer: customer.id,
    });
    expect((schedule as Schedule & { customer: string }).customer).toBe(customer.id);
    expect((await advance(key, schedule.id)).status).toBe(200);
    const { invoices } = await stored(schedule.id);
    const row = await db().invoice.findUniqueOrThrow({
      where: { id: invoices[0]!.id },
      select: { customerEmail: true },
    });
    expect(row.customerEmail).toBe("billing@example.com");

    const other = await createTestMerchant();
    const before = await db().invoiceSchedule.count({ where: { merchantId: other.merchantId } });
    const res = await create(other.key, { amount: "9.00", currency: "USDC", interval: "month", customer: customer.id });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: "resource_missing", param: "customer" });
    expect(await db().invoiceSchedule.count({ where: { merchantId: other.merchantId } })).toBe(before);
  });

  it("advanced three times, a schedule creates three invoices with order ids prefix1..3, each carrying the schedule", async () => {
    const schedule = await createOk(key, {
      amount: "12.50",
      currency: "USDC",
      interval: "month",
      order_id_prefix: "acme-",
      metadata: { customer: "42" },
    });
    const returned: Schedule[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await advance(key, schedule.id);
      expect(res.status).toBe(200);
      returned.push(await res.json());
    }
    const { invoices, runs } = await stored(schedule.id);
    expect(invoices.map((i) => [i.orderId, i.amount.toFixed(0), i.currency, i.status])).toEqual([
      ["acme-1", "12500000", "USDC", "created"],
      ["acme-2", "12500000", "USDC", "created"],
      ["acme-3", "12500000", "USDC", "created"],
    ]);
    expect(runs.map((r) => [r.period, r.status, r.invoiceId])).toEqual(
      invoices.map((inv, i) => [i + 1, "created", inv.id]),
    );
    expect(returned.map((s) => [s.invoices_created, s.last_invoice])).toEqual(
      invoices.map((inv, i) => [i + 1, inv.id]),
    );
    // The next run is period 4: three months after the start.
    expect(returned[2]!.next_run_at).toBe(
      periodDueAt({ startAt: new Date(schedule.start_at), interval: "month", intervalCount: 1 }, 4).toISOString(),
    );
    const res = await getInvoiceRoute(
      apiRequest("GET", `/api/v1/invoices/${invoices[1]!.id}`, { key }),
      params({ id: invoices[1]!.id }),
    );
    const invoice = await res.json();
    expect([invoice.schedule, invoice.order_id, invoice.amount, invoice.metadata]).toEqual([
      schedule.id,
      "acme-2",
      "12.50",
      { customer: "42" },
    ]);
    // Each invoice has its ordinary `invoice.created` event, caused by the schedule.
    const events = await db().event.findMany({
      where: { invoiceId: { in: invoices.map((i) => i.id) }, type: "invoice.created" },
      select: { cause: true, data: true },
    });
    expect(events).toHaveLength(3);
    expect(events.map((e) => (e.cause as { period: number }).period).sort()).toEqual([1, 2, 3]);
    for (const e of events) {
      expect(e.cause).toMatchObject({ source: "schedule", schedule: schedule.id, trigger: "advance" });
      expect((e.data as { object: { schedule: string } }).object.schedule).toBe(schedule.id);
    }
  });

  it("advance is a 409 test_mode_only in live mode", async () => {
    const { key: live } = await createTestMerchant({ live: true });
    const res = await advance(live, "sch_0000000000000000000000");
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: "test_mode_only" });
  });

  it("pause stops runs, resume skips the paused periods, cancel is final", async () => {
    const start = new Date(Date.now() - HOUR);
    const schedule = await createOk(key, {
      amount: "3.00",
      currency: "USDC",
      interval: "day",
      start_at: start.toISOString(),
      order_id_prefix: "daily-",
    });
    const scope = { id: schedule.id, merchantId, livemode: false };
    expect(await runDueSchedule(db(), { id: schedule.id, now: new Date(start.getTime() + HOUR) })).toEqual({
      outcome: "created",
      period: 1,
      skipped: 0,
    });

    const paused = await pause(key, schedule.id);
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ status: "paused", next_run_at: null, invoices_created: 1 });
    expect((await (await pause(key, schedule.id)).json()).error.code).toBe("schedule_not_active");
    expect((await (await advance(key, schedule.id)).json()).error.code).toBe("schedule_not_active");
    // Three days later, paused: nothing runs.
    expect(await runDueSchedule(db(), { id: schedule.id, now: new Date(start.getTime() + 3 * DAY) })).toEqual({
      outcome: "not_due",
    });

    // Resumed 3.5 days after the start: periods 2, 3 and 4 passed while paused; period 5 is next.
    const resumedAt = new Date(start.getTime() + 3.5 * DAY);
    const resumed = await resumeSchedule(db(), { ...scope, now: resumedAt });
    expect([resumed.status, resumed.next_run_at, resumed.paused_at]).toEqual([
      "active",
      new Date(start.getTime() + 4 * DAY).toISOString(),
      null,
    ]);
    expect((await (await resume(key, schedule.id)).json()).error.code).toBe("schedule_not_paused");
    expect(await runDueSchedule(db(), { id: schedule.id, now: new Date(start.getTime() + 4 * DAY) })).toEqual({
      outcome: "created",
      period: 5,
      skipped: 0,
    });
    const { invoices, runs } = await stored(schedule.id);
    expect(invoices.map((i) => i.orderId)).toEqual(["daily-1", "daily-5"]);
    expect(runs.map((r) => [r.period, r.status, r.skipReason])).toEqual([
      [1, "created", null],
      [2, "skipped", "paused"],
      [3, "skipped", "paused"],
      [4, "skipped", "paused"],
      [5, "created", null],
    ]);

    const cancelled = await cancel(key, schedule.id);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: "cancelled", next_run_at: null, invoices_created: 2 });
    expect((await (await cancel(key, schedule.id)).json()).error.code).toBe("schedule_cancelled");
    expect((await (await resume(key, schedule.id)).json()).error.code).toBe("schedule_not_paused");
    expect((await (await advance(key, schedule.id)).json()).error.code).toBe("schedule_not_active");
    expect(await runDueSchedule(db(), { id: schedule.id, now: new Date(start.getTime() + 30 * DAY) })).toEqual({
      outcome: "not_due",
    });
    expect((await stored(schedule.id)).invoices).toHaveLength(2);
    // The invoices it created stay as they were.
    expect(invoices.every((i) => i.status === "created")).toBe(true);
  });

  it("another merchant's schedule is a 404 for every route", async () => {
    const schedule = await createOk(key, { amount: "1.00", currency: "USDC", interval: "day" });
    const { key: other } = await createTestMerchant();
    const got = await getRoute(
      apiRequest("GET", `/api/v1/invoice_schedules/${schedule.id}`, { key: other }),
      params({ id: schedule.id }),
    );
    expect(got.status).toBe(404);
    for (const act of [advance, pause, resume, cancel]) {
      const res = await act(other, schedule.id);
      expect([res.status, (await res.json()).error.code]).toEqual([404, "resource_missing"]);
    }
    await expect(pauseSchedule(db(), { id: schedule.id, merchantId: "mer_x", livemode: false })).rejects.toMatchObject({
      code: "resource_missing",
    });
  });

  it("after downtime over several periods only the latest missed period gets an invoice; the others are recorded as missed", async () => {
    const start = new Date(Date.now() - 2 * HOUR);
    const schedule = await createOk(key, {
      amount: "9.99",
      currency: "USDC",
      interval: "day",
      interval_count: 2,
      start_at: start.toISOString(),
      order_id_prefix: "down-",
    });
    // The worker comes back 9 days and 1 hour after the start: periods 1-5 were due (days 0, 2, 4, 6, 8).
    const back = new Date(start.getTime() + 9 * DAY + HOUR);
    expect(await runDueSchedule(db(), { id: schedule.id, now: back })).toEqual({
      outcome: "created",
      period: 5,
      skipped: 4,
    });
    expect(await runDueSchedule(db(), { id: schedule.id, now: back })).toEqual({ outcome: "not_due" });
    const { invoices, runs } = await stored(schedule.id);
    expect(invoices.map((i) => i.orderId)).toEqual(["down-5"]);
    expect(runs.map((r) => [r.period, r.status, r.skipReason, r.dueAt.toISOString()])).toEqual(
      [1, 2, 3, 4, 5].map((p) => [
        p,
        p === 5 ? "created" : "skipped",
        p === 5 ? null : "missed",
        new Date(start.getTime() + (p - 1) * 2 * DAY).toISOString(),
      ]),
    );
    const got = await getRoute(
      apiRequest("GET", `/api/v1/invoice_schedules/${schedule.id}`, { key }),
      params({ id: schedule.id }),
    );
    expect(await got.json()).toMatchObject({
      invoices_created: 1,
      last_invoice: invoices[0]!.id,
      next_run_at: new Date(start.getTime() + 10 * DAY).toISOString(),
    });
  });
});
