// Runs the reference receiver of docs/webhooks.md ("The reference receiver"), exactly as written there,
// against real deliveries: the docs cannot drift into code that does not work.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, inTransaction } from "@/server/db";
import { env } from "@/server/env";
import { randomBase62 } from "@/server/ids";
import { getFreePort } from "@/scripts/lib/ports";
import { createTestMerchant } from "@/test/fixtures";
import { deliverAt, deliveryOf, newEndpoint } from "@/test/webhook-kit";
import { recordMerchantEvent } from "./record-merchant-event";
import { resendWebhookDelivery } from "./resend-webhook-delivery";

const repo = path.resolve(import.meta.dirname, "../..");

/** The first fenced block of `lang` in the "The reference receiver" section of docs/webhooks.md. */
async function docBlock(lang: string): Promise<string> {
  const doc = await readFile(path.join(repo, "docs/webhooks.md"), "utf8");
  const start = doc.indexOf("\n## The reference receiver\n");
  if (start < 0) throw new Error('docs/webhooks.md has no "The reference receiver" section');
  const end = doc.indexOf("\n## ", start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const match = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(section);
  if (!match?.[1]) throw new Error(`no ${lang} block in the reference receiver section of docs/webhooks.md`);
  return match[1];
}

describe("the reference receiver of docs/webhooks.md", () => {
  const schema = `readme_receiver_${randomBase62(8).toLowerCase()}`;
  let dir: string;
  let child: ChildProcess;
  let port: number;
  let sql: pg.Client;
  let merchantId: string;
  let secret: string;
  let endpointId: string;

  beforeAll(async () => {
    sql = new pg.Client({ connectionString: env().DATABASE_URL });
    await sql.connect();
    await sql.query(`CREATE SCHEMA ${schema}`);
    await sql.query(`SET search_path TO ${schema}`);
    await sql.query(await docBlock("sql"));

    dir = await mkdtemp(path.join(os.tmpdir(), "payrail-readme-receiver-"));
    await symlink(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
    await writeFile(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(path.join(dir, "receiver.ts"), await docBlock("ts"));

    ({ merchantId } = await createTestMerchant());
    port = await getFreePort();
    ({ id: endpointId, secret } = await newEndpoint(merchantId, `http://127.0.0.1:${port}/payrail`, {
      events: ["invoice.paid"],
    }));
    const url = new URL(env().DATABASE_URL);
    url.searchParams.set("options", `-c search_path=${schema}`);
    child = spawn(path.join(repo, "node_modules/.bin/tsx"), ["receiver.ts"], {
      cwd: dir,
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH,
        DATABASE_URL: url.toString(),
        PAYRAIL_WEBHOOK_SECRET: secret,
        PORT: String(port),
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    for (let i = 0; ; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" }).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (i > 200) throw new Error("the reference receiver did not start");
      await sleep(100);
    }
  });

  afterAll(async () => {
    child?.kill();
    await sql?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql?.end();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("credits an order once, however many copies of invoice.paid arrive, and refuses a forged one", async () => {
    await sql.query("INSERT INTO orders (id) VALUES ('order-1001')");
    const { eventId } = await inTransaction(db(), (tx) =>
      recordMerchantEvent(tx, {
        merchantId,
        livemode: false,
        type: "invoice.paid",
        object: { id: "inv_readme", object: "invoice", status: "paid", order_id: "order-1001" },
        cause: { kind: "test" },
      }),
    );
    await deliverAt(Date.now());
    const delivery = await deliveryOf(endpointId);
    expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 1 });
    const paid = await sql.query("SELECT status, paid_at, payrail_invoice_id FROM orders WHERE id = 'order-1001'");
    expect(paid.rows[0]).toMatchObject({ status: "paid", payrail_invoice_id: "inv_readme" });
    const paidAt = paid.rows[0].paid_at as Date;

    // The same event again (a retry, a resend, a worker that crashed after sending): answered 200, credited once.
    for (let copy = 0; copy < 2; copy++) {
      await resendWebhookDelivery(db(), {
        scope: { id: endpointId, merchantId, livemode: false },
        deliveryId: delivery.id,
      });
      await deliverAt(Date.now());
    }
    const after = await deliveryOf(endpointId);
    expect(after.attempts.map((a) => [a.statusCode, a.responseBody])).toEqual([
      [200, null],
      [200, null],
      [200, null],
    ]);
    expect((await sql.query("SELECT id, type FROM payrail_events")).rows).toEqual([
      { id: eventId, type: "invoice.paid" },
    ]);
    expect((await sql.query("SELECT status, paid_at FROM orders WHERE id = 'order-1001'")).rows).toEqual([
      { status: "paid", paid_at: paidAt },
    ]);

    // A forged delivery: refused, nothing recorded.
    const forged = await fetch(`http://127.0.0.1:${port}/payrail`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": "evt_forged",
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": "v1,AAAA",
      },
      body: JSON.stringify({
        id: "evt_forged",
        type: "invoice.paid",
        data: { object: { id: "inv_x", order_id: "order-1002" } },
      }),
    });
    expect(forged.status).toBe(400);
    expect((await sql.query("SELECT count(*)::int AS n FROM payrail_events")).rows[0]).toEqual({ n: 1 });
  });
});
