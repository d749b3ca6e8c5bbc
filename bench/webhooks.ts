// npm run bench:webhooks: webhook delivery throughput and latency against a local receiver.
//
// Starts its own throwaway stack (embedded PostgreSQL; the devnets come with it and stay idle) and a
// receiver in a child process on 127.0.0.1, then for 1, 10 and 100 endpoints:
// - drain: a backlog of committed deliveries is sent by one worker (the real deliverDueWebhooks,
//   called back to back as the worker loop does); deliveries/s = backlog / time until all recorded;
// - steady: events are committed at a fixed rate while the worker runs; latency is event commit →
//   receipt at the receiver (p50, p95). The worker loop polls every POLL_MS when idle.
import { fork, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { english, generateMnemonic } from "viem/accounts";
import type { Prisma } from "../server/generated/prisma/client";
import { startThrowawayStack } from "../scripts/lib/stack";

const BACKLOG = 6000;
const STEADY_RATE = 500; // deliveries per second
const STEADY_SECONDS = 6;
const POLL_MS = 20;

const now = (): number => performance.timeOrigin + performance.now();

// ---- receiver (child process) ----

function runReceiver(): void {
  let count = 0;
  let pendingReceipts: [string, string, number][] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count++;
      pendingReceipts.push([String(req.headers["webhook-id"]), req.url ?? "", now()]);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on("message", (msg: { take?: boolean }) => {
    if (msg.take) {
      process.send?.({ count, receipts: pendingReceipts });
      pendingReceipts = [];
    }
  });
}

// ---- bench (parent) ----

interface Receipts {
  count: number;
  receipts: [string, string, number][];
}

function take(child: ChildProcess): Promise<Receipts> {
  return new Promise((resolve) => {
    child.once("message", (m) => resolve(m as Receipts));
    child.send({ take: true });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const stack = await startThrowawayStack({ name: "bench-webhooks" });
  const child = fork(fileURLToPath(import.meta.url), ["--receiver"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    Object.assign(process.env, {
      DATABASE_URL: stack.databaseUrl,
      PAYRAIL_MASTER_SEED: generateMnemonic(english),
      LOG_LEVEL: "warn",
    });
    // Imported after the environment is set (env() parses once).
    const { db, inTransaction } = await import("../server/db");
    const { createMerchant } = await import("../server/merchants/create-merchant");
    const { createWebhookEndpoint } = await import("../server/webhooks/create-webhook-endpoint");
    const { recordMerchantEvent } = await import("../server/webhooks/record-merchant-event");
    const { deliverDueWebhooks } = await import("../server/webhooks/deliver-due-webhooks");
    const { randomBase62 } = await import("../server/ids");

    const port = await new Promise<number>((resolve) =>
      child.once("message", (m) => resolve((m as { port: number }).port)),
    );
    const invoiceLike = (): Prisma.InputJsonObject => ({
      id: `inv_${randomBase62(22)}`,
      object: "invoice",
      livemode: false,
      status: "paid",
      amount: "25.00",
      currency: "USDC",
      order_id: `order-${randomBase62(8)}`,
      description: "Bench order",
      metadata: { cart: "42" },
      amount_paid: "25.00",
      amount_due: "0.00",
      amount_overpaid: "0.00",
      review_reason: null,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      expires_at: new Date().toISOString(),
      paid_at: new Date().toISOString(),
      hosted_url: "http://localhost:3000/pay/inv_x",
      payment_options: [
        {
          network: "devnet",
          chain_id: 31337,
          asset: "USDC",
          token_address: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
          decimals: 6,
          address: "0x0000000000000000000000000000000000000001",
          amount: "25.00",
          amount_base_units: "25000000",
          rate: null,
        },
      ],
    });
    /** Commit `events` events, `perTx` per transaction, 4 transactions at a time; returns each event's commit time. */
    const commitEvents = async (merchantId: string, events: number, perTx = 50): Promise<Map<string, number>> => {
      const committed = new Map<string, number>();
      const batches = Array.from({ length: Math.ceil(events / perTx) }, (_, i) => Math.min(perTx, events - i * perTx));
      for (let i = 0; i < batches.length; i += 4) {
        await Promise.all(
          batches.slice(i, i + 4).map(async (n) => {
            const ids = await inTransaction(db(), async (tx) => {
              const out: string[] = [];
              for (let k = 0; k < n; k++) {
                out.push(
                  (
                    await recordMerchantEvent(tx, {
                      merchantId,
                      livemode: false,
                      type: "invoice.paid",
                      object: invoiceLike(),
                      cause: { kind: "bench" },
                    })
                  ).eventId,
                );
              }
              return out;
            });
            const at = now();
            for (const id of ids) committed.set(id, at);
          }),
        );
      }
      return committed;
    };

    // Merchants take pre-derived HD accounts, which the worker keeps ready (none runs here).
    await (await import("../server/wallets/fill-hd-account-pool")).fillHdAccountPool(db());
    const rows: string[][] = [];
    for (const endpoints of [1, 10, 100]) {
      const { id: merchantId } = await createMerchant(db(), { slug: `bench-${endpoints}`, name: `Bench ${endpoints}` });
      for (let i = 0; i < endpoints; i++) {
        await inTransaction(db(), (tx) =>
          createWebhookEndpoint(tx, {
            merchantId,
            livemode: false,
            request: { url: `http://127.0.0.1:${port}/e${i}`, events: ["*"] },
          }),
        );
      }

      // Drain a backlog.
      const events = Math.ceil(BACKLOG / endpoints);
      const total = events * endpoints;
      await commitEvents(merchantId, events);
      await take(child);
      const started = now();
      let attempts = 0;
      while (attempts < total) {
        const n = await deliverDueWebhooks(db(), { budgetMs: 2000 });
        if (n === 0) await sleep(POLL_MS);
        attempts += n;
      }
      const drainSeconds = (now() - started) / 1000;
      const drained = await take(child);
      const unique = new Set(drained.receipts.map(([id, path]) => `${id} ${path}`)).size;
      const succeeded = await db().webhookDelivery.count({ where: { status: "succeeded", endpoint: { merchantId } } });

      // Steady load: commit events at a fixed rate while one worker loop runs.
      let running = true;
      const worker = (async () => {
        while (running) if ((await deliverDueWebhooks(db(), { budgetMs: 2000 })) === 0) await sleep(POLL_MS);
      })();
      const eventsPerTick = STEADY_RATE / endpoints / 20; // 20 ticks a second; fractions carry over
      const committed = new Map<string, number>();
      const steadyStart = now();
      for (let tick = 0; tick < STEADY_SECONDS * 20; tick++) {
        const target = steadyStart + tick * 50;
        if (target > now()) await sleep(target - now());
        const n = Math.floor((tick + 1) * eventsPerTick) - Math.floor(tick * eventsPerTick);
        if (n > 0) for (const [id, at] of await commitEvents(merchantId, n, n)) committed.set(id, at);
      }
      const expected = committed.size * endpoints;
      const latencies: number[] = [];
      const deadline = now() + 30_000;
      while (latencies.length < expected && now() < deadline) {
        await sleep(100);
        for (const [id, , at] of (await take(child)).receipts) {
          const c = committed.get(id);
          if (c !== undefined) latencies.push(at - c);
        }
      }
      running = false;
      await worker;
      latencies.sort((a, b) => a - b);
      const steadyRate = expected / STEADY_SECONDS;

      rows.push([
        String(endpoints),
        String(total),
        drainSeconds.toFixed(2),
        Math.round(total / drainSeconds).toString(),
        `${unique}/${total}`,
        String(succeeded),
        Math.round(steadyRate).toString(),
        String(latencies.length),
        percentile(latencies, 50).toFixed(1),
        percentile(latencies, 95).toFixed(1),
      ]);
      console.log(
        `endpoints=${endpoints}: drained ${total} in ${drainSeconds.toFixed(2)} s; steady p50 ${percentile(latencies, 50).toFixed(1)} ms`,
      );
    }

    const header = [
      "endpoints",
      "backlog",
      "drain s",
      "deliveries/s",
      "unique received",
      "succeeded",
      "steady/s",
      "samples",
      "p50 ms",
      "p95 ms",
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(" | ")} |`;
    console.log("");
    console.log(
      "Webhook delivery, one worker (deliverDueWebhooks: concurrency 100, claims of 25), local receiver in a child process",
    );
    console.log(line(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of rows) console.log(line(r));
    console.log(
      `latency = event commit → receipt at the receiver, under a steady ${STEADY_RATE} deliveries/s for ${STEADY_SECONDS} s; idle poll ${POLL_MS} ms`,
    );
    await db().$disconnect();
  } finally {
    child.kill();
    await stack.stop();
  }
}

if (process.argv.includes("--receiver")) runReceiver();
else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
