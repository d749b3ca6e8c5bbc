import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { EventEmitter, once } from "node:events";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createInvoiceForMerchant } from "@/server/invoices/create-invoice-for-merchant";
import { tick } from "@/server/jobs/tick";
import { createTestMerchant } from "@/test/fixtures";
import { advanceSchedule } from "./advance-schedule";
import { cancelSchedule } from "./cancel-schedule";
import { createSchedule } from "./create-schedule";
import { pauseSchedule } from "./pause-schedule";
import { resumeSchedule } from "./resume-schedule";
import { runDueSchedule } from "./run-due-schedule";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ROOT = path.resolve(import.meta.dirname, "../..");

let merchantId: string;
const scope = () => ({ merchantId, livemode: false });

async function newSchedule(opts: { start: Date; prefix: string; now?: Date }) {
  return createSchedule(db(), {
    ...scope(),
    now: opts.now ?? opts.start,
    request: {
      amount: "4.00",
      currency: "USDC",
      interval: "day",
      start_at: opts.start.toISOString(),
      order_id_prefix: opts.prefix,
    },
  });
}

/** Every schedule but these stops (earlier tests' schedules would otherwise run in these ticks too). */
async function onlyThese(ids: string[]) {
  await db().invoiceSchedule.updateMany({
    where: { id: { notIn: ids }, status: { not: "cancelled" } },
    data: { status: "cancelled" },
  });
}

async function invoicesOf(scheduleId: string) {
  return db().invoice.findMany({ where: { scheduleId }, select: { orderId: true }, orderBy: { orderId: "asc" } });
}

/**
 * A second worker: a separate Node.js process that loads the tick, says `ready`, and on `go` (a line on its
 * stdin) runs the "schedules" tick at `now` and prints its report. Starting one takes seconds, so the race
 * begins only when every process is ready.
 */
async function startWorkerProcess(now: Date) {
  const script = path.join(tmpdir(), `payrail-schedules-tick-${process.pid}-${randomUUID()}.mts`);
  await writeFile(
    script,
    `import { once } from "node:events";
import { db } from ${JSON.stringify(path.join(ROOT, "server/db.ts"))};
import { tick } from ${JSON.stringify(path.join(ROOT, "server/jobs/tick.ts"))};
await db().$queryRaw\`SELECT 1\`;
process.stdout.write("ready\\n");
await once(process.stdin, "data");
const report = await tick(db(), { owner: "child-" + process.pid, parts: ["schedules"], now: () => new Date(${now.getTime()}) });
await db().$disconnect();
// Exit once the report is written: modules the tick imports may keep timers or sockets open.
process.stdout.write(JSON.stringify(report.schedules) + "\\n", () => process.exit(0));
`,
  );
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--tsconfig", "tsconfig.node.json", script], {
    cwd: ROOT,
    env: process.env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  const lines = new EventEmitter();
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    for (let i = out.indexOf("\n"); i !== -1; i = out.indexOf("\n")) {
      lines.emit("line", out.slice(0, i));
      out = out.slice(i + 1);
    }
  });
  const nextLine = () => once(lines, "line").then(([line]) => line as string);
  const exited = once(child, "exit").finally(() => rm(script, { force: true }));
  expect(await nextLine()).toBe("ready");
  return {
    /** Start the tick; resolves with its report. */
    go: async (): Promise<{ created: number }> => {
      const report = nextLine();
      child.stdin.write("go\n");
      const parsed = JSON.parse(await report);
      await exited;
      return parsed;
    },
  };
}

describe("each period's invoice is created exactly once", () => {
  beforeAll(async () => {
    ({ merchantId } = await createTestMerchant());
    // A merchant's first invoice creates its deposit index sequence; two first invoices created inside
    // transactions at the same moment make one of them fail (and be retried a minute later). The race under
    // test here is the schedules', so the merchant has had an invoice before.
    await createInvoiceForMerchant(db(), { ...scope(), request: { amount: "1.00", currency: "USDC" } });
  });

  it("two ticks at once (two workers) create one invoice per due schedule, none twice", async () => {
    const start = new Date(Date.now() - HOUR);
    const schedules = await Promise.all(
      Array.from({ length: 6 }, (_, i) => newSchedule({ start, prefix: `race${i}-`, now: new Date() })),
    );
    await onlyThese(schedules.map((s) => s.id));
    const now = () => new Date(start.getTime() + 2 * HOUR);
    const reports = await Promise.all([
      tick(db(), { owner: "worker-a", parts: ["schedules"], now }),
      tick(db(), { owner: "worker-b", parts: ["schedules"], now }),
    ]);
    expect(reports.reduce((n, r) => n + r.schedules!.created, 0)).toBe(6);
    expect(reports.reduce((n, r) => n + r.schedules!.failed, 0)).toBe(0);
    for (const [i, s] of schedules.entries()) {
      expect((await invoicesOf(s.id)).map((x) => x.orderId)).toEqual([`race${i}-1`]);
    }
    // Again at the same time: nothing is due any more.
    const again = await tick(db(), { owner: "worker-a", parts: ["schedules"], now });
    expect(again.schedules).toEqual({ created: 0, missed: 0, failed: 0 });
  });

  it("the tick of two worker processes and an advance, all at once on one schedule, create no duplicate", async () => {
    const start = new Date(Date.now() - HOUR);
    const s = await newSchedule({ start, prefix: "proc-", now: new Date() });
    await onlyThese([s.id]);
    const at = new Date(start.getTime() + 3 * DAY + HOUR);
    const workers = await Promise.all([startWorkerProcess(at), startWorkerProcess(at)]);
    const [a, b, advanced] = await Promise.all([
      workers[0]!.go(),
      workers[1]!.go(),
      // The API's advance, with the tick's clock, races the two processes for the same period.
      advanceSchedule(db(), { id: s.id, ...scope(), now: at }).then(
        () => "advanced",
        (e: { code?: string }) => e.code ?? "error",
      ),
    ]);
    const orders = (await invoicesOf(s.id)).map((x) => x.orderId);
    // Period 4 (day 3) is the latest due: whoever ran it first created it. An advance that came after the
    // tick created period 5 early, which is its job; no period ever has two invoices.
    expect(new Set(orders).size).toBe(orders.length);
    expect(orders[0]).toBe("proc-4");
    expect(a.created + b.created + (advanced === "advanced" ? 1 : 0)).toBe(orders.length);
    const runs = await db().invoiceScheduleRun.findMany({ where: { scheduleId: s.id }, orderBy: { period: "asc" } });
    expect(runs.map((r) => r.period)).toEqual(Array.from({ length: runs.length }, (_, i) => i + 1));
    expect(runs.filter((r) => r.status === "created").length).toBe(orders.length);
  }, 240_000);

  it("a period's run row is append-only, and a second row for a period is refused by the database", async () => {
    const start = new Date(Date.now() - HOUR);
    const s = await newSchedule({ start, prefix: "key-", now: new Date() });
    await runDueSchedule(db(), { id: s.id, now: start });
    await expect(
      db().invoiceScheduleRun.create({ data: { scheduleId: s.id, period: 1, status: "skipped", dueAt: start } }),
    ).rejects.toMatchObject({ code: "P2002" });
    await expect(
      db().invoiceScheduleRun.update({
        where: { scheduleId_period: { scheduleId: s.id, period: 1 } },
        data: { status: "skipped" },
      }),
    ).rejects.toThrow(/append-only/);
  });
});

type Op =
  | { kind: "tick"; hours: number }
  | { kind: "advance"; hours: number }
  | { kind: "pause"; hours: number }
  | { kind: "resume"; hours: number }
  | { kind: "cancel"; hours: number };

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom("tick", "tick", "advance", "advance", "pause", "resume", "cancel") as fc.Arbitrary<Op["kind"]>,
  hours: fc.integer({ min: 0, max: 80 }),
}) as fc.Arbitrary<Op>;

describe("over random sequences of advance, pause, resume, cancel and ticks", () => {
  beforeAll(async () => {
    ({ merchantId } = await createTestMerchant());
  });

  it("next_run_at only grows (strictly with each invoice), each period has one row and at most one invoice", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("day", "week", "month" as const),
        fc.integer({ min: 1, max: 3 }),
        fc.array(opArb, { minLength: 1, maxLength: 8 }),
        async (interval, intervalCount, ops) => {
          let now = new Date();
          const created = await createSchedule(db(), {
            ...scope(),
            now,
            request: {
              amount: "1.00",
              currency: "USDC",
              interval,
              interval_count: intervalCount,
              start_at: now.toISOString(),
              order_id_prefix: "p",
            },
          });
          const id = created.id;
          const state = () => db().invoiceSchedule.findUniqueOrThrow({ where: { id } });
          let before = await state();
          for (const op of ops) {
            now = new Date(now.getTime() + op.hours * HOUR);
            const args = { id, ...scope(), now };
            try {
              if (op.kind === "tick") await runDueSchedule(db(), { id, now });
              else if (op.kind === "advance") await advanceSchedule(db(), args);
              else if (op.kind === "pause") await pauseSchedule(db(), args);
              else if (op.kind === "resume") await resumeSchedule(db(), args);
              else await cancelSchedule(db(), args);
            } catch (error) {
              // Refusals of the state machine are expected; anything else fails the property.
              expect((error as { code?: string }).code).toMatch(/^schedule_(not_active|not_paused|cancelled)$/);
            }
            const after = await state();
            expect(after.nextRunAt.getTime()).toBeGreaterThanOrEqual(before.nextRunAt.getTime());
            expect(after.nextPeriod).toBeGreaterThanOrEqual(before.nextPeriod);
            if (after.invoicesCreated > before.invoicesCreated) {
              expect(after.invoicesCreated).toBe(before.invoicesCreated + 1);
              expect(after.nextRunAt.getTime()).toBeGreaterThan(before.nextRunAt.getTime());
            }
            before = after;
          }
          const runs = await db().invoiceScheduleRun.findMany({
            where: { scheduleId: id },
            orderBy: { period: "asc" },
          });
          const invoices = await db().invoice.findMany({
            where: { scheduleId: id },
            select: { id: true, orderId: true },
          });
          // Every period before the next one has exactly one row; those created have one invoice each.
          expect(runs.map((r) => r.period)).toEqual(Array.from({ length: before.nextPeriod - 1 }, (_, i) => i + 1));
          const createdRuns = runs.filter((r) => r.status === "created");
          expect(invoices.length).toBe(createdRuns.length);
          expect(before.invoicesCreated).toBe(createdRuns.length);
          expect(new Set(invoices.map((i) => i.orderId)).size).toBe(invoices.length);
          expect(invoices.map((i) => i.orderId).sort()).toEqual(createdRuns.map((r) => `p${r.period}`).sort());
          // Each run row's due time grows with its period.
          for (let i = 1; i < runs.length; i++) expect(runs[i]!.dueAt > runs[i - 1]!.dueAt).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
