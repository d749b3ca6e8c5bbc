import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../server/db";
import { triggerEvent, triggerableEventTypes, type DevnetPayer } from "../server/dev/trigger-event";
import { parseEventTypeFilter } from "../server/webhooks/event-type-filter";
import { forwardEvents, type ForwardedEvent } from "../server/webhooks/forward-events";
import { listenSecret } from "../server/webhooks/listen-secret";
import { createTestMerchant, mine, pay, startWebhookReceiver, webhookHeaders } from "../test/fixtures";
import { REPO_ROOT } from "./lib/local-files";

// Each CLI run starts tsx and imports the server code: slow on a loaded machine.
const SUBPROCESS_TIMEOUT = 400_000;
// The command `npm run payrail` runs (package.json), from the local node_modules/.bin.
const [BIN, ...BIN_ARGS] = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: { payrail: string } }
).scripts.payrail.split(" ");
const command = (args: string[]): [string, string[]] => [
  path.join(REPO_ROOT, "node_modules/.bin", BIN!),
  [...BIN_ARGS, ...args],
];

function cli(...args: string[]) {
  const result = spawnSync(...command(args), { cwd: REPO_ROOT, env: { ...process.env }, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Run the CLI without blocking this process (the receiver lives here), resolving when it exits. */
function cliAsync(...args: string[]) {
  const child = spawn(...command(args), { cwd: REPO_ROOT, env: { ...process.env } });
  const out = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (s: string) => (out.stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (out.stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out, exited };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("payrail listen and payrail trigger", () => {
  it(
    "forwards a triggered invoice.paid and every event before it, in order, each signed with the printed secret",
    async () => {
      const { merchantId, slug } = await createTestMerchant();
      const receiver = await startWebhookReceiver();
      cleanups.push(receiver.close);
      const listener = cliAsync("listen", "--merchant", slug, "--forward-to", receiver.url);
      cleanups.push(() => void (listener.child.exitCode === null && listener.child.kill("SIGKILL")));
      await waitFor("the listen secret", () => /secret is whsec_/.test(listener.out.stdout));
      const secret = /Ready\. Your webhook signing secret is (whsec_[A-Za-z0-9+/=]+) \(\^C to quit\)\n/.exec(
        listener.out.stdout,
      )![1]!;
      // The same at every run for this merchant and mode, and only for them.
      expect(secret).toBe(listenSecret({ merchantId, livemode: false }));
      expect(secret).not.toBe(listenSecret({ merchantId, livemode: true }));

      const triggered = cliAsync("trigger", "invoice.paid", "--merchant", slug);
      expect(await triggered.exited).toBe(0);
      const written = triggered.out.stdout
        .trim()
        .split("\n")
        .map((l) => l.split(/\s+/));
      const expected = ["invoice.created", "payment.detected", "invoice.pending", "payment.confirmed", "invoice.paid"];
      expect(written.map(([type]) => type)).toEqual(expected);
      expect(triggered.out.stderr).toMatch(
        /^Created invoice inv_\w{22} \(25\.00 USDC, test mode\)\.\nPaid 25\.00 USDC on devnet to 0x[0-9a-f]{40}: 0x[0-9a-f]{64}\.\n$/,
      );

      await waitFor("five forwarded events", () => receiver.received.length >= 5);
      listener.child.kill("SIGINT");
      expect(await listener.exited).toBe(0);
      expect(listener.out.stderr).toContain(`Forwarding test-mode events of ${slug} to ${receiver.url}.`);
      expect(listener.out.stderr).toMatch(/Stopped\.\n$/);

      expect(receiver.received).toHaveLength(5);
      const events = receiver.received.map((r) => {
        const event = new Webhook(secret).verify(r.body, webhookHeaders(r)) as {
          id: string;
          type: string;
          livemode: boolean;
          sequence: number;
          data: { object: { id: string; status: string } };
        };
        expect(r.headers["webhook-id"]).toBe(event.id);
        expect(r.headers["content-type"]).toBe("application/json");
        return event;
      });
      expect(events.map((e) => e.type)).toEqual(expected);
      expect(events.map((e) => e.id)).toEqual(written.map(([, id]) => id));
      expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
      expect(events.map((e) => e.livemode)).toEqual([false, false, false, false, false]);
      expect(new Set(events.map((e) => e.data.object.id)).size).toBe(1);
      expect(events.at(-1)!.data.object.status).toBe("paid");
      // The forwarder's lines: one per event, with the receiver's status.
      const lines = listener.out.stdout.trim().split("\n").slice(1);
      expect(lines.map((l) => l.split(/\s+/).slice(1, 4))).toEqual(events.map((e) => [e.type, e.id, "[200]"]));
      expect(lines[0]).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}invoice\.created {10}evt_\w{22} {2}\[200\] \d+ ms$/,
      );
    },
    SUBPROCESS_TIMEOUT,
  );

  it("forwards only the chosen types, reports the receiver's status, and not another merchant's events", async () => {
    const { merchantId } = await createTestMerchant();
    const other = await createTestMerchant();
    const receiver = await startWebhookReceiver(() => 500);
    cleanups.push(receiver.close);
    const controller = new AbortController();
    const forwarded: ForwardedEvent[] = [];
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const running = forwardEvents(db(), {
      merchantId,
      livemode: false,
      url: new URL(receiver.url),
      secret: listenSecret({ merchantId, livemode: false }),
      filter: parseEventTypeFilter("invoice.cancelled,payment.*"),
      signal: controller.signal,
      onReady: ready,
      onForwarded: (e) => forwarded.push(e),
      pollMs: 50,
    });
    cleanups.push(() => controller.abort());
    await isReady;
    const noPayer: DevnetPayer = {
      network: "devnet",
      pay: () => Promise.reject(new Error("no payment expected")),
      mine: async () => {},
    };
    await triggerEvent(db(), { merchantId: other.merchantId, type: "invoice.cancelled", payer: noPayer });
    const { events } = await triggerEvent(db(), { merchantId, type: "invoice.cancelled", payer: noPayer });
    expect(events.map((e) => e.type)).toEqual(["invoice.created", "invoice.cancelled"]);
    await waitFor("the cancelled event", () => forwarded.length >= 1);
    controller.abort();
    await running;
    expect(forwarded.map(({ eventId, type, statusCode, error }) => ({ eventId, type, statusCode, error }))).toEqual([
      { eventId: events[1]!.id, type: "invoice.cancelled", statusCode: 500, error: null },
    ]);
    expect(receiver.received).toHaveLength(1);
  });

  it("reports a receiver that is not there, and refuses unknown patterns", async () => {
    const { merchantId } = await createTestMerchant();
    const receiver = await startWebhookReceiver();
    await receiver.close(); // nothing listens on its port any more
    const controller = new AbortController();
    const forwarded: ForwardedEvent[] = [];
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const running = forwardEvents(db(), {
      merchantId,
      livemode: false,
      url: new URL(receiver.url),
      secret: listenSecret({ merchantId, livemode: false }),
      signal: controller.signal,
      onReady: ready,
      onForwarded: (e) => forwarded.push(e),
      pollMs: 50,
    });
    cleanups.push(() => controller.abort());
    await isReady;
    const noPayer: DevnetPayer = {
      network: "devnet",
      pay: () => Promise.reject(new Error("no payment expected")),
      mine: async () => {},
    };
    await triggerEvent(db(), { merchantId, type: "invoice.expired", payer: noPayer });
    await waitFor("two attempts", () => forwarded.length >= 2);
    controller.abort();
    await running;
    expect(forwarded.map((e) => [e.type, e.statusCode, e.error])).toEqual([
      ["invoice.created", null, "connection refused"],
      ["invoice.expired", null, "connection refused"],
    ]);

    expect(() => parseEventTypeFilter("invoice.payed")).toThrow(
      'Unknown event type "invoice.payed". Event types: invoice.created,',
    );
    expect(() => parseEventTypeFilter("payout.*,refnd.*")).toThrow('Unknown event type "refnd.*".');
    expect(parseEventTypeFilter("*")("webhook_endpoint.disabled")).toBe(true);
  });

  it(
    "triggers every supported type through the real status machine",
    async () => {
      const { merchantId } = await createTestMerchant();
      const payer: DevnetPayer = {
        network: "devnet",
        pay: (p) => pay({ network: "devnet", ...p }),
        mine: (blocks) => mine("devnet", blocks),
      };
      const written: Record<string, string[]> = {};
      for (const type of triggerableEventTypes) {
        const { invoiceId, events } = await triggerEvent(db(), { merchantId, type, payer });
        written[type] = events.map((e) => e.type);
        expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
        const invoice = await db().invoice.findUniqueOrThrow({
          where: { id: invoiceId },
          select: { livemode: true, merchantId: true },
        });
        expect(invoice).toEqual({ livemode: false, merchantId });
      }
      expect(written).toEqual({
        "invoice.created": ["invoice.created"],
        "invoice.cancelled": ["invoice.created", "invoice.cancelled"],
        "invoice.expired": ["invoice.created", "invoice.expired"],
        "payment.detected": ["invoice.created", "payment.detected", "invoice.pending"],
        "invoice.pending": ["invoice.created", "payment.detected", "invoice.pending"],
        "payment.confirmed": [
          "invoice.created",
          "payment.detected",
          "invoice.pending",
          "payment.confirmed",
          "invoice.paid",
        ],
        "invoice.paid": ["invoice.created", "payment.detected", "invoice.pending", "payment.confirmed", "invoice.paid"],
        "invoice.partially_paid": [
          "invoice.created",
          "payment.detected",
          "invoice.pending",
          "payment.confirmed",
          "invoice.partially_paid",
        ],
        "invoice.review_required": [
          "invoice.created",
          "payment.detected",
          "invoice.pending",
          "payment.confirmed",
          "invoice.review_required",
        ],
      });
    },
    SUBPROCESS_TIMEOUT,
  );

  it(
    "refuses an unknown event type, live mode, and listening without a URL",
    () => {
      const unknown = cli("trigger", "invoice.bogus");
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toBe("");
      expect(unknown.stderr).toBe(
        `Error: Cannot trigger "invoice.bogus". Supported event types: ${triggerableEventTypes.join(", ")}.\n`,
      );
      expect(triggerableEventTypes).toEqual([
        "invoice.created",
        "invoice.cancelled",
        "invoice.expired",
        "payment.detected",
        "invoice.pending",
        "payment.confirmed",
        "invoice.paid",
        "invoice.partially_paid",
        "invoice.review_required",
      ]);

      const live = cli("trigger", "invoice.paid", "--live");
      expect(live.code).toBe(2);
      expect(live.stderr).toContain("trigger works in test mode only");

      const noUrl = cli("listen");
      expect(noUrl.code).toBe(2);
      expect(noUrl.stderr).toContain("--forward-to is required");

      const badUrl = cli("listen", "--forward-to", "ftp://localhost/x");
      expect(badUrl.code).toBe(2);
      expect(badUrl.stderr).toContain("--forward-to must be an http(s) URL");

      const badEvents = cli("listen", "--forward-to", "http://localhost:4000/webhooks", "--events", "invoice.payed");
      expect(badEvents.code).toBe(1);
      expect(badEvents.stderr).toContain('Unknown event type "invoice.payed".');
    },
    SUBPROCESS_TIMEOUT,
  );
});
