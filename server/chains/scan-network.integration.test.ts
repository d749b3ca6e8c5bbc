// Scanning the same blocks more than once, or from two workers at the same moment, must never
// credit a transfer twice: (network, tx hash, log index) is unique, and the cursor moves by
// compare-and-set, so a scanner that lost the race writes nothing at all.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createTestMerchant, mine } from "@/test/fixtures";
import { createDevnetInvoice, devnetRpcUrl, eventTypes, payRaw, scanToHead as scanDevnet } from "@/test/chains";
import { startCappedRpcProxy } from "@/test/json-rpc-proxy";
import { createNetworkClient } from "./client";
import { confirmPayments } from "./confirm-payments";
import { releaseNetworkLease } from "./network-lease";
import { findNetwork, type Network } from "./networks";
import { CursorMovedError, scanNetwork } from "./scan-network";

const network = findNetwork("devnet") as Network;
const client = createNetworkClient(network);

const scanToHead = (owner: string) => scanDevnet(client, network, { owner });

const cursor = () =>
  db().networkCursor.findUniqueOrThrow({
    where: { networkId: "devnet" },
    select: { blockNumber: true, blockHash: true },
  });

/** Resolves once `n` lock requests are waiting in PostgreSQL (the scanners reached the lock the test holds). */
async function waitForLockWaiters(n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await db().$queryRaw<
      { waiting: bigint }[]
    >`SELECT count(*) AS waiting FROM pg_locks WHERE NOT granted`;
    if (row && row.waiting >= BigInt(n)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`fewer than ${n} lock waiters after 5 s`);
}

describe("scanning the same blocks again", () => {
  let merchantId: string;
  beforeAll(async () => {
    ({ merchantId } = await createTestMerchant());
    await scanToHead("setup");
  });

  it("the same block scanned twice records one payment and one detected event", async () => {
    const invoice = await createDevnetInvoice(merchantId, { amount: "4.00", currency: "USDC", network: "devnet" });
    const paid = await payRaw({
      network: "devnet",
      asset: "USDC",
      to: invoice.address,
      amount: 4_000_000n,
      accountIndex: 5,
    });
    await scanToHead("w1");
    const after = await cursor();

    // Back to just before the payment's block (as an operator or a crashed worker could leave it).
    const parent = await db().blockHash.findUniqueOrThrow({
      where: { networkId_number: { networkId: "devnet", number: paid.blockNumber - 1n } },
    });
    await db().networkCursor.update({
      where: { networkId: "devnet" },
      data: { blockNumber: parent.number, blockHash: parent.hash },
    });
    const again = await scanToHead("w2");
    expect(again[0]).toMatchObject({ outcome: "scanned", fromBlock: paid.blockNumber, payments: 1, reorged: 0 });
    expect(await cursor()).toEqual(after);

    const payments = await db().payment.findMany({
      where: { invoiceId: invoice.id },
      select: { txHash: true, status: true },
    });
    expect(payments).toEqual([{ txHash: paid.hash, status: "pending" }]);
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "payment.detected", "invoice.pending"]);
  });

  it("two workers scanning the same range at once: one commits, the other rolls back, one payment row", async () => {
    const invoice = await createDevnetInvoice(merchantId, { amount: "6.00", currency: "USDC", network: "devnet" });
    const paid = await payRaw({
      network: "devnet",
      asset: "USDC",
      to: invoice.address,
      amount: 6_000_000n,
      accountIndex: 5,
    });
    await mine("devnet", 2);
    const start = await cursor();

    // Both scanners use the same lease owner, as after a lease ran out mid-scan, so the lease does
    // not keep them apart. Holding the invoice's row lock stops the first inside its transaction
    // and the second behind the first's payment insert: both have read the same cursor.
    const { racing } = await db().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM invoices WHERE id = ${invoice.id} FOR UPDATE`;
        const racing = Promise.allSettled(
          [1, 2].map(() => scanNetwork(db(), client, network, { owner: "same-owner" })),
        );
        await waitForLockWaiters(2);
        return { racing }; // not awaited here: they finish only once this transaction lets go
      },
      { timeout: 20_000 },
    );
    await releaseNetworkLease(db(), { networkId: "devnet", owner: "same-owner" });
    const settled = await racing;

    const fulfilled = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const rejected = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]).toMatchObject({
      outcome: "scanned",
      fromBlock: start.blockNumber! + 1n,
      toBlock: paid.blockNumber + 2n,
      payments: 1,
    });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(CursorMovedError);

    const payments = await db().payment.findMany({ where: { invoiceId: invoice.id }, select: { txHash: true } });
    expect(payments).toEqual([{ txHash: paid.hash }]);
    expect(await eventTypes(invoice.id)).toEqual(["invoice.created", "payment.detected", "invoice.pending"]);
    expect((await cursor()).blockNumber).toBe(paid.blockNumber + 2n);

    await confirmPayments(db(), network, { now: new Date() });
    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.paid",
    ]);
  });

  it("a node reporting a head below the cursor (lagging behind a load balancer) changes nothing, whether or not we still hold that block's hash", async () => {
    const invoice = await createDevnetInvoice(merchantId, { amount: "1.00", currency: "USDC", network: "devnet" });
    await payRaw({ network: "devnet", asset: "USDC", to: invoice.address, amount: 1_000_000n, accountIndex: 5 });
    await mine("devnet", 12);
    await scanDevnet(client, network, { owner: "w1", retainBlocks: 8n });
    const before = await cursor();
    const payment = await db().payment.findFirstOrThrow({
      where: { invoiceId: invoice.id },
      select: { status: true, blockHash: true },
    });

    for (const lag of [3n, 10n]) {
      // 3: a block we hold, same hash; 10: older than the 8 we keep
      const proxy = await startCappedRpcProxy({
        upstream: devnetRpcUrl("devnet"),
        maxLogRange: 1_000,
        error: { code: -32005, message: "unused" },
        pinnedHead: before.blockNumber! - lag,
      });
      try {
        const lagging: Network = { ...network, rpcUrl: proxy.url };
        const scans = await scanDevnet(createNetworkClient(lagging), lagging, { owner: "w1", retainBlocks: 8n });
        expect(scans).toMatchObject([{ outcome: "behind", head: before.blockNumber! - lag, reorged: 0 }]);
      } finally {
        await proxy.close();
      }
      expect(await cursor()).toEqual(before);
      expect(
        await db().payment.findFirstOrThrow({
          where: { invoiceId: invoice.id },
          select: { status: true, blockHash: true },
        }),
      ).toEqual(payment);
    }
    expect(await scanToHead("w1")).toMatchObject([{ outcome: "caught_up" }]);
  });
});
