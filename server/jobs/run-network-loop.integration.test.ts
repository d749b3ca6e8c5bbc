import { beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db } from "@/server/db";
import { getFreePort } from "@/scripts/lib/ports";
import { createDevnetInvoice, devnetRpcUrl, eventTypes } from "@/test/chains";
import { createTestMerchant, pay } from "@/test/fixtures";
import { runNetworkLoop } from "./run-network-loop";
import { syncNetwork } from "./sync-network";

/** Resolves when `read` returns something, checking every 50 ms; fails after `timeoutMs` (generous: this is not a timing check). */
async function waitFor<T>(
  what: string,
  read: () => Promise<T | null | undefined | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A WebSocket relay to `upstream` on a free port whose connections the test can cut (a provider dropping sockets). */
async function startRelay(
  upstream: string,
): Promise<{ url: string; connections: () => number; dropAll: () => void; close: () => Promise<void> }> {
  const port = await getFreePort();
  const server = new WebSocketServer({ host: "127.0.0.1", port });
  let accepted = 0;
  server.on("connection", (client) => {
    accepted++;
    const node = new WebSocket(upstream);
    const queued: string[] = [];
    node.on("open", () => queued.splice(0).forEach((m) => node.send(m)));
    node.on("message", (data) => client.send(String(data)));
    client.on("message", (data) =>
      node.readyState === WebSocket.OPEN ? node.send(String(data)) : queued.push(String(data)),
    );
    client.on("close", () => node.terminate());
    node.on("close", () => client.terminate());
    node.on("error", () => client.terminate());
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  return {
    url: `ws://127.0.0.1:${port}`,
    connections: () => accepted,
    dropAll: () => server.clients.forEach((c) => c.terminate()),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("the worker's chain loop for one network, on the real devnet", () => {
  let merchantId: string;
  let devnet: Network;

  beforeAll(async () => {
    ({ merchantId } = await createTestMerchant());
    devnet = findNetwork("devnet")!;
    // Bring the cursor to the head so the loops below scan only their own blocks.
    while ((await syncNetwork(db(), devnet, { owner: "setup" })).scans.includes("scanned"));
  });

  it("derives the devnet's WebSocket URL from its RPC URL when RPC_WS_URL_DEVNET is unset", () => {
    expect(devnet.wsUrl).toBe(devnetRpcUrl("devnet").replace(/^http:\/\//, "ws://"));
  });

  it("with the head subscription, detects a payment once its block is mined, with the next poll ten minutes away", async () => {
    const stop = new AbortController();
    const subscribed = deferred();
    const firstSync = deferred();
    const loop = runNetworkLoop(db(), devnet, {
      owner: "ws-loop",
      pollMs: 600_000,
      signal: stop.signal,
      hooks: { onSubscribed: subscribed.resolve, onSync: firstSync.resolve },
    });
    try {
      await Promise.all([subscribed.promise, firstSync.promise]);
      const invoice = await createDevnetInvoice(merchantId, { amount: "7.50", currency: "USDC", network: "devnet" });
      const { hash, blockNumber } = await pay({
        network: "devnet",
        asset: "USDC",
        to: invoice.address,
        amount: 7_500_000n,
      });

      // Only a head announcement can wake the loop before its ten-minute poll.
      const payment = await waitFor("the payment", () =>
        db().payment.findFirst({ where: { networkId: "devnet", txHash: hash.toLowerCase() } }),
      );
      expect(payment).toMatchObject({
        invoiceId: invoice.id,
        asset: "USDC",
        status: "pending",
        blockNumber,
        toAddress: invoice.address.toLowerCase(),
      });
      expect(payment.amount.toFixed(0)).toBe("7500000");
      expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "payment.detected", "invoice.pending"]);
    } finally {
      stop.abort();
      await loop;
    }
  });

  it("with the WebSocket endpoint unreachable, still detects payments by polling and keeps reconnecting with backoff", async () => {
    const unreachable: Network = { ...devnet, wsUrl: `ws://127.0.0.1:${await getFreePort()}` };
    const stop = new AbortController();
    const attempts: [number, number][] = [];
    let subscriptions = 0;
    const loop = runNetworkLoop(db(), unreachable, {
      owner: "polling-loop",
      pollMs: 200,
      signal: stop.signal,
      backoff: { baseMs: 20, maxMs: 100 },
      hooks: {
        onSubscribed: () => subscriptions++,
        onReconnectScheduled: (attempt, delayMs) => attempts.push([attempt, delayMs]),
      },
    });
    try {
      const invoice = await createDevnetInvoice(merchantId, { amount: "3.25", currency: "USDC", network: "devnet" });
      const { hash } = await pay({ network: "devnet", asset: "USDC", to: invoice.address, amount: 3_250_000n });

      const payment = await waitFor("the payment", () =>
        db().payment.findFirst({ where: { networkId: "devnet", txHash: hash.toLowerCase() } }),
      );
      expect(payment).toMatchObject({ invoiceId: invoice.id, status: "pending" });
      expect(payment.amount.toFixed(0)).toBe("3250000");
      await waitFor("five reconnection attempts", async () => attempts.length >= 5);
      expect(attempts.slice(0, 5)).toEqual([
        [1, 20],
        [2, 40],
        [3, 80],
        [4, 100],
        [5, 100],
      ]);
      expect(subscriptions).toBe(0);
    } finally {
      stop.abort();
      await loop;
    }
    // Stopped: no attempt is scheduled afterwards.
    const count = attempts.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(attempts.length).toBe(count);
  });

  it("reconnects when the node drops the socket, subscribes again and detects the next payment through it", async () => {
    const relay = await startRelay(devnet.wsUrl!);
    const stop = new AbortController();
    const attempts: [number, number][] = [];
    let subscriptions = 0;
    let subscribed = deferred();
    const firstSync = deferred();
    const loop = runNetworkLoop(
      db(),
      { ...devnet, wsUrl: relay.url },
      {
        owner: "relay-loop",
        pollMs: 600_000,
        signal: stop.signal,
        backoff: { baseMs: 20, maxMs: 100 },
        hooks: {
          onSubscribed: () => (subscriptions++, subscribed.resolve()),
          onReconnectScheduled: (attempt, delayMs) => attempts.push([attempt, delayMs]),
          onSync: firstSync.resolve,
        },
      },
    );
    try {
      await Promise.all([subscribed.promise, firstSync.promise]);
      subscribed = deferred();
      relay.dropAll();
      await subscribed.promise;
      expect(attempts).toEqual([[1, 20]]);
      expect(subscriptions).toBe(2);
      expect(relay.connections()).toBe(2);

      const invoice = await createDevnetInvoice(merchantId, { amount: "1.10", currency: "USDC", network: "devnet" });
      const { hash } = await pay({ network: "devnet", asset: "USDC", to: invoice.address, amount: 1_100_000n });
      const payment = await waitFor("the payment", () =>
        db().payment.findFirst({ where: { networkId: "devnet", txHash: hash.toLowerCase() } }),
      );
      expect(payment).toMatchObject({ invoiceId: invoice.id, status: "pending" });
      expect(payment.amount.toFixed(0)).toBe("1100000");
    } finally {
      stop.abort();
      await loop;
      await relay.close();
    }
  });
});
