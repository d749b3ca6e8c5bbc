// The watcher's cost per poll: RPC calls that do not depend on how many addresses are watched,
// ranges that shrink when a provider caps eth_getLogs (behind a real HTTP proxy that caps like one),
// and a watched set loaded incrementally.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { db } from "@/server/db";
import { createTestMerchant, mine } from "@/test/fixtures";
import { createDevnetInvoice, devnetBlock, devnetRpcUrl, payRaw, scanToHead as scanDevnet } from "@/test/chains";
import { startCappedRpcProxy, type ProviderCapError } from "@/test/json-rpc-proxy";
import { deleteOpenInvoices, insertOpenInvoices } from "@/scripts/lib/insert-open-invoices";
import { createNetworkClient } from "./client";
import { DEVNET_TOKENS } from "./devnet-tokens";
import { releaseNetworkLease } from "./network-lease";
import { findNetwork, type Network } from "./networks";
import { RpcCallCounter } from "./rpc-call-counter";
import { scanNetwork, type ScanOptions, type ScanResult } from "./scan-network";
import { ScanRangeLimits } from "./scan-range-limits";
import { WatchedAddressCache } from "./watched-addresses";

const OWNER = "scaling-test";
const network = findNetwork("devnet") as Network;
const usdc = DEVNET_TOKENS[0]!;
const bulkOption = {
  networkId: "devnet",
  chainId: 31337,
  asset: "USDC",
  tokenAddress: usdc.address.toLowerCase(),
  decimals: 6,
};

async function scan(
  client: ReturnType<typeof createNetworkClient>,
  opts: Partial<ScanOptions> = {},
  net: Network = network,
): Promise<ScanResult> {
  try {
    return await scanNetwork(db(), client, net, { owner: OWNER, ...opts });
  } finally {
    await releaseNetworkLease(db(), { networkId: "devnet", owner: OWNER });
  }
}

const scanToHead = (
  client: ReturnType<typeof createNetworkClient>,
  opts: Partial<ScanOptions> = {},
  net: Network = network,
) => scanDevnet(client, net, { owner: OWNER, ...opts });

describe("RPC calls per poll", () => {
  let merchantId: string;
  const tags: string[] = [];
  beforeAll(async () => {
    ({ merchantId } = await createTestMerchant());
  });
  afterAll(async () => {
    for (const tag of tags) await deleteOpenInvoices(db(), tag);
  });

  it("are the same with 10 and with 10,000 watched addresses: one head query, one block query per block, one eth_getLogs, one receipt per native payment", async () => {
    const counter = new RpcCallCounter();
    const client = createNetworkClient(network, { counter });
    const watched = new WatchedAddressCache({ livemode: false });
    await scanToHead(client, { watched });

    const pollWith = async (ownAddresses: number) => {
      const token = await createDevnetInvoice(merchantId, { amount: "2.00", currency: "USDC", network: "devnet" });
      const native = await createDevnetInvoice(merchantId, { amount: "0.01", currency: "ETH", network: "devnet" });
      const bulk = await insertOpenInvoices(db(), {
        merchantId,
        count: ownAddresses - 2,
        livemode: false,
        option: bulkOption,
        amount: 1_000_000n,
      });
      tags.push(bulk.tag);
      const before = await devnetBlock("devnet");
      await payRaw({ network: "devnet", asset: "USDC", to: token.address, amount: 2_000_000n, accountIndex: 3 });
      await payRaw({
        network: "devnet",
        asset: "ETH",
        to: native.address,
        amount: 10_000_000_000_000_000n,
        accountIndex: 3,
      });
      await mine("devnet", 3);

      counter.reset();
      const result = await scan(client, { watched });
      const range = { calls: counter.methods(), httpRequests: counter.httpRequests, result };
      counter.reset();
      const idle = await scan(client, { watched });
      const payments = await db().payment.findMany({
        where: { invoiceId: { in: [token.id, native.id] } },
        select: { asset: true, status: true },
      });
      return {
        before: before.number,
        range,
        idle: { outcome: idle.outcome, calls: counter.methods() },
        payments,
        watchedSize: watched.view(new Date()).size,
      };
    };

    const small = await pollWith(10);
    const large = await pollWith(10_000);
    expect(large.watchedSize - small.watchedSize).toBe(10_000);
    expect(watched.lastRefresh).toEqual({ kind: "incremental", rows: expect.any(Number) });
    for (const [poll, expected] of [
      [small, 2],
      [large, 2],
    ] as const) {
      expect(poll.range.result).toMatchObject({
        outcome: "scanned",
        fromBlock: poll.before + 1n,
        toBlock: poll.before + 5n,
        payments: expected,
      });
      expect(poll.range.calls).toEqual({ eth_getBlockByNumber: 6, eth_getLogs: 1, eth_getTransactionReceipt: 1 });
      expect(poll.idle).toEqual({ outcome: "caught_up", calls: { eth_getBlockByNumber: 1 } });
      expect(poll.payments.map((p) => p.asset).sort()).toEqual(["ETH", "USDC"]);
    }
    expect(large.range.httpRequests).toBe(small.range.httpRequests);
  });
});

describe("ranges that a provider caps", () => {
  let merchantId: string;
  beforeAll(async () => {
    ({ merchantId } = await createTestMerchant());
  });

  const providers: [string, ProviderCapError][] = [
    ["Infura-style -32005", { code: -32005, message: "query returned more than 10000 results" }],
    ["a block-range cap", { code: -32000, message: "block range is too wide" }],
    [
      "Alchemy-style response size",
      {
        code: -32602,
        message:
          "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size",
      },
    ],
  ];

  it.each(providers)(
    "shrink by halves when %s refuses eth_getLogs, and every block is still scanned once",
    async (_name, error) => {
      const proxy = await startCappedRpcProxy({ upstream: devnetRpcUrl("devnet"), maxLogRange: 5, error });
      try {
        const capped: Network = { ...network, rpcUrl: proxy.url };
        const client = createNetworkClient(capped);
        const limits = new ScanRangeLimits();
        await scanToHead(createNetworkClient(network)); // catch up directly, so the limits learn only from what follows
        const start = (await devnetBlock("devnet")).number;

        const invoice = await createDevnetInvoice(merchantId, { amount: "3.00", currency: "USDC", network: "devnet" });
        await mine("devnet", 11);
        const paid = await payRaw({
          network: "devnet",
          asset: "USDC",
          to: invoice.address as Address,
          amount: 3_000_000n,
          accountIndex: 4,
        });
        await mine("devnet", 8);
        expect(paid.blockNumber).toBe(start + 12n);
        proxy.calls.length = 0;

        const scans = await scanToHead(client, { rangeLimits: limits, batchSize: 20 }, capped);
        // 20 refused, 10 refused, 5 passes; the next ranges start at the learned 5.
        expect(proxy.logRanges()).toEqual([20, 10, 5, 5, 5, 5]);
        expect(scans.map((s) => [s.outcome, s.fromBlock, s.toBlock])).toEqual([
          ["scanned", start + 1n, start + 5n],
          ["scanned", start + 6n, start + 10n],
          ["scanned", start + 11n, start + 15n],
          ["scanned", start + 16n, start + 20n],
          ["caught_up", undefined, undefined],
        ]);
        expect(
          await db().payment.findMany({
            where: { invoiceId: invoice.id },
            select: { blockNumber: true, status: true },
          }),
        ).toEqual([{ blockNumber: start + 12n, status: "pending" }]);
        const stored = await db().blockHash.findMany({
          where: { networkId: "devnet", number: { gt: start } },
          select: { number: true },
        });
        expect(stored.map((b) => b.number)).toEqual(Array.from({ length: 20 }, (_, i) => start + 1n + BigInt(i)));
      } finally {
        await proxy.close();
      }
    },
  );

  it("passes a refusal that no smaller range can help through as an error, writing nothing", async () => {
    const proxy = await startCappedRpcProxy({
      upstream: devnetRpcUrl("devnet"),
      maxLogRange: 0,
      error: { code: -32005, message: "query returned more than 10000 results" },
    });
    try {
      const capped: Network = { ...network, rpcUrl: proxy.url };
      const client = createNetworkClient(network);
      await scanToHead(client);
      const cursor = await db().networkCursor.findUniqueOrThrow({
        where: { networkId: "devnet" },
        select: { blockNumber: true, blockHash: true },
      });
      await mine("devnet", 3);
      await expect(scan(createNetworkClient(capped), { rangeLimits: new ScanRangeLimits() }, capped)).rejects.toThrow(
        /more than 10000 results/,
      );
      expect(proxy.logRanges()).toEqual([3, 1]);
      expect(
        await db().networkCursor.findUniqueOrThrow({
          where: { networkId: "devnet" },
          select: { blockNumber: true, blockHash: true },
        }),
      ).toEqual(cursor);
      await scanToHead(client);
    } finally {
      await proxy.close();
    }
  });
});

describe("the watched set", () => {
  let merchantId: string;
  const tags: string[] = [];
  beforeAll(async () => {
    ({ merchantId } = await createTestMerchant());
  });
  afterAll(async () => {
    for (const tag of tags) await deleteOpenInvoices(db(), tag);
  });

  const addressesOf = async (tag: string) =>
    await db().depositAddress.findMany({
      where: { id: { startsWith: `dep_bulk_${tag}_` } },
      select: { address: true, invoiceId: true, createdAt: true },
    });

  // Live mode: no other test creates live invoices, so every row here is this test's.
  it("is loaded in full once, then only what was created since (with an overlap for late commits), fully again in the background now and then; expired addresses stop matching", async () => {
    const cache = new WatchedAddressCache({ livemode: true, overlapMs: 60_000, fullReloadMs: 3_600_000 });
    const periodic = new WatchedAddressCache({ livemode: true, overlapMs: 60_000, fullReloadMs: 0 });
    const live = { merchantId, livemode: true, option: bulkOption, amount: 1_000_000n };
    const first = await insertOpenInvoices(db(), { ...live, count: 100 });
    tags.push(first.tag);
    const [a] = await addressesOf(first.tag);
    expect(Math.abs(a!.createdAt.getTime() - Date.now())).toBeLessThan(5_000);
    const loaded = await cache.refresh(db());
    const base = loaded.rows;
    expect(loaded).toEqual({ kind: "full", rows: base });
    expect(base).toBeGreaterThanOrEqual(100);
    expect(cache.view(new Date()).size).toBe(base);
    expect(cache.view(new Date()).invoiceFor(a!.address)).toBe(a!.invoiceId);
    expect(await periodic.refresh(db())).toEqual({ kind: "full", rows: base });

    // Nothing new: only the overlap window (the last minute) is read again.
    expect(await cache.refresh(db())).toEqual({ kind: "incremental", rows: 100 });

    // Committed late with a created_at 30 s back (inside the overlap) is found; 2 min back is not,
    // until a full reload.
    const late = await insertOpenInvoices(db(), { ...live, count: 1, createdAt: new Date(Date.now() - 30_000) });
    const tooLate = await insertOpenInvoices(db(), { ...live, count: 1, createdAt: new Date(Date.now() - 120_000) });
    tags.push(late.tag, tooLate.tag);
    const [lateRow] = await addressesOf(late.tag);
    const [tooLateRow] = await addressesOf(tooLate.tag);
    expect(await cache.refresh(db())).toEqual({ kind: "incremental", rows: 101 });
    expect(cache.view(new Date()).invoiceFor(lateRow!.address)).toBe(lateRow!.invoiceId);
    expect(cache.view(new Date()).invoiceFor(tooLateRow!.address)).toBeUndefined();

    // The periodic reload runs beside an incremental refresh (which cannot see it) and brings it in.
    expect(await periodic.refresh(db())).toEqual({ kind: "incremental", rows: 101 });
    await periodic.reloading; // may be over already: it ran in parallel
    expect(periodic.view(new Date()).size).toBe(base + 2);
    expect(periodic.view(new Date()).invoiceFor(tooLateRow!.address)).toBe(tooLateRow!.invoiceId);
    cache.invalidate();
    expect(await cache.refresh(db())).toEqual({ kind: "full", rows: base + 2 });

    // An address whose monitoring window ends stops matching then, without a reload.
    const soon = new Date(Date.now() + 60_000);
    const ending = await insertOpenInvoices(db(), { ...live, count: 1, watchUntil: soon });
    tags.push(ending.tag);
    const [endingRow] = await addressesOf(ending.tag);
    await cache.refresh(db());
    expect(cache.view(new Date(soon.getTime() - 1)).invoiceFor(endingRow!.address)).toBe(endingRow!.invoiceId);
    expect(cache.view(soon).invoiceFor(endingRow!.address)).toBeUndefined();
  });
});
