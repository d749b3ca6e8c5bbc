// Reorgs on the shared devnet, made by anvil itself: anvil_reorg replaces the last `depth` blocks
// (optionally re-including our transaction), anvil_rollback removes them. The scanner must orphan
// what left the chain, recompute invoices, rewind its cursor to the common ancestor and rescan.
// Each test first mines past the deepest reorg, so only its own blocks are ever replaced, and
// leaves the cursor at the head, so the next test files find a consistent devnet.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createTestMerchant, mine } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import {
  createDevnetInvoice,
  devnetBlock,
  devnetRpc,
  eventTypes,
  payRaw,
  resendRaw,
  scanToHead as scanDevnet,
} from "@/test/chains";
import { checkLedgerInvariants } from "@/server/ledger/check-ledger-invariants";
import { createNetworkClient } from "./client";
import { anvilTestAccounts } from "./devnet-tokens";
import { confirmPayments } from "./confirm-payments";
import { releaseNetworkLease } from "./network-lease";
import { findNetwork, type Network } from "./networks";
import { rescanNetworkFrom } from "./rescan-network-from";
import { ReorgTooDeepError, scanNetwork, type ScanOptions, type ScanResult } from "./scan-network";

const OWNER = "reorg-test";
const PAYER = 7; // an anvil test account no other test file pays from
const FILLER = anvilTestAccounts(9)[8]!.address;
const network = findNetwork("devnet") as Network;
const client = createNetworkClient(network);

/** What a worker does: scan until there is nothing left, then confirm. Leaves the lease free. */
async function scanToHead(opts: Partial<ScanOptions> = {}): Promise<ScanResult[]> {
  const results = await scanDevnet(client, network, { owner: OWNER, ...opts });
  await confirmPayments(db(), network, { now: new Date() });
  return results;
}

async function cursor() {
  return db().networkCursor.findUniqueOrThrow({
    where: { networkId: "devnet" },
    select: { blockNumber: true, blockHash: true },
  });
}

async function paymentOf(invoiceId: string) {
  return db().payment.findFirstOrThrow({ where: { invoiceId, dust: false } });
}

/** The invoice's ledger entries (type, status, amount, block hash or "reversal"), in a canonical order. */
async function ledgerOf(invoiceId: string) {
  const rows = await db().ledgerTransfer.findMany({ where: { invoiceId } });
  return inOrder(
    rows.map((t) => [t.type, t.status, t.amount.toFixed(0), t.key.endsWith(":reversal") ? "reversal" : t.blockHash]),
  );
}

const inOrder = (entries: (string | null)[][]) =>
  [...entries].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function invoiceOf(id: string) {
  return db().invoice.findUniqueOrThrow({
    where: { id },
    select: { status: true, reviewReason: true, amountPaid: true },
  });
}

/** An invoice paid with a raw transaction that sits `depth` blocks deep at the head, scanned and confirmed as far as it goes. */
async function paidAtDepth(
  merchantId: string,
  depth: number,
  scan: Partial<ScanOptions> = {},
  opts: { dustAfter?: boolean } = {},
) {
  await mine("devnet", 12); // past the deepest reorg: only this test's blocks get replaced
  await scanToHead();
  const invoice = await createDevnetInvoice(merchantId, { amount: "10.00", currency: "USDC", network: "devnet" });
  const payment = await payRaw({
    network: "devnet",
    asset: "USDC",
    to: invoice.address,
    amount: 10_000_000n,
    accountIndex: PAYER,
  });
  // One base unit of USDC right after the payment (dust: below the minimum credited amount), in the next block.
  const dust = opts.dustAfter
    ? await payRaw({ network: "devnet", asset: "USDC", to: invoice.address, amount: 1n, accountIndex: PAYER })
    : null;
  const mined = dust ? 2 : 1;
  if (depth > mined) await mine("devnet", depth - mined);
  await scanToHead(scan);
  const head = await devnetBlock("devnet");
  expect(head.number).toBe(payment.blockNumber + BigInt(depth) - 1n);
  expect(await cursor()).toEqual({ blockNumber: head.number, blockHash: head.hash });
  return { invoice, payment, head, dust };
}

describe("reorgs on anvil", () => {
  let merchantId: string;
  beforeAll(async () => {
    ({ merchantId } = await createTestMerchant());
  });

  // Three confirmations on the devnet: from depth 3 the payment was confirmed and the invoice paid.
  const cases = [1, 2, 5, 10].flatMap((depth) =>
    (["anvil_reorg", "anvil_rollback"] as const).flatMap((method) =>
      [false, true].map((reincluded) => ({ depth, method, reincluded })),
    ),
  );

  it.each(cases)(
    "$method of depth $depth (re-included: $reincluded) orphans the payment, recomputes the invoice and rescans from the common ancestor",
    async ({ depth, method, reincluded }) => {
      const { invoice, payment, head } = await paidAtDepth(merchantId, depth);
      const wasPaid = depth >= 3;
      const before = wasPaid
        ? ["invoice.created", "payment.detected", "invoice.pending", "payment.confirmed", "invoice.paid"]
        : ["invoice.created", "payment.detected", "invoice.pending"];
      expect(await eventTypes(invoice.id)).toEqual(before);
      expect((await paymentOf(invoice.id)).status).toBe(wasPaid ? "confirmed" : "pending");
      const ancestor = payment.blockNumber - 1n;

      let newBlock: bigint; // where the new chain holds the payment, if it does
      if (method === "anvil_reorg") {
        // Same height, new blocks; the transaction, when re-included, goes into the last of them. A
        // filler transfer in the first one makes sure it differs from the block it replaces even
        // when both hold the same transaction in the same second.
        const filler = [{ from: FILLER, to: FILLER, value: "0x1" }, 0];
        await devnetRpc("devnet", "anvil_reorg", [depth, reincluded ? [filler, [payment.raw, depth - 1]] : [filler]]);
        newBlock = head.number;
      } else {
        const replaced = await devnetRpc<{ timestamp: string }>("devnet", "eth_getBlockByNumber", [
          `0x${payment.blockNumber.toString(16)}`,
          false,
        ]);
        await devnetRpc("devnet", "anvil_rollback", [depth]);
        // The head is now the common ancestor with the hash we stored: indistinguishable from a
        // lagging node, so nothing may change until the chain shows a different block.
        expect(await scanToHead()).toMatchObject([{ outcome: "behind", head: ancestor }]);
        expect((await paymentOf(invoice.id)).status).toBe(wasPaid ? "confirmed" : "pending");
        expect(await cursor()).toEqual({ blockNumber: head.number, blockHash: head.hash });
        // A later timestamp, so the re-mined block is not byte for byte the one it replaces.
        await devnetRpc("devnet", "evm_setNextBlockTimestamp", [Number(replaced.timestamp) + 1]);
        if (reincluded) expect(await resendRaw("devnet", payment.raw)).toEqual({ blockNumber: payment.blockNumber });
        else await mine("devnet", 1);
        newBlock = payment.blockNumber;
      }
      const newHead = await devnetBlock("devnet");
      expect(newHead.hash).not.toBe(head.hash);

      const scans = await scanToHead();
      expect(scans.map((s) => s.outcome)).toEqual(["reorg", "caught_up"]);
      expect(scans[0]).toMatchObject({
        commonAncestor: ancestor,
        fromBlock: payment.blockNumber,
        toBlock: newHead.number,
        reorged: 1,
        payments: reincluded ? 1 : 0,
      });
      expect(await cursor()).toEqual({ blockNumber: newHead.number, blockHash: newHead.hash });
      const stored = await db().blockHash.findMany({
        where: { networkId: "devnet", number: { gte: ancestor } },
        orderBy: { number: "asc" },
        select: { number: true, hash: true },
      });
      const canonical = await Promise.all(stored.map((b) => devnetBlock("devnet", b.number)));
      expect(stored).toEqual(canonical);
      expect(stored.map((b) => b.number)).toEqual(
        Array.from({ length: Number(newHead.number - ancestor) + 1 }, (_, i) => ancestor + BigInt(i)),
      );

      const reorgedEvent = await db().event.findFirstOrThrow({
        where: { invoiceId: invoice.id, type: "payment.reorged" },
      });
      expect(reorgedEvent.cause).toMatchObject({
        tx_hash: payment.hash,
        orphaned_block_number: payment.blockNumber.toString(),
        orphaned_block_hash: payment.blockHash,
        common_ancestor: ancestor.toString(),
        previous_status: wasPaid ? "confirmed" : "pending",
      });

      if (!reincluded) {
        expect(await paymentOf(invoice.id)).toMatchObject({
          status: "reorged",
          confirmedAt: null,
          blockHash: payment.blockHash,
        });
        expect(await eventTypes(invoice.id)).toEqual([
          ...before,
          "payment.reorged",
          wasPaid ? "invoice.review_required" : "invoice.created",
        ]);
        expect(await invoiceOf(invoice.id)).toMatchObject(
          wasPaid ? { status: "review_required", reviewReason: "reorged" } : { status: "created", reviewReason: null },
        );
        expect((await invoiceOf(invoice.id)).amountPaid.toFixed(0)).toBe("0");
        // The ledger: a pending entry is voided; a posted one stays and a reversal nets it to zero.
        expect(await ledgerOf(invoice.id)).toEqual(
          inOrder(
            wasPaid
              ? [
                  ["payment", "posted", "10000000", payment.blockHash],
                  ["adjustment", "posted", "10000000", "reversal"],
                ]
              : [["payment", "voided", "10000000", payment.blockHash]],
          ),
        );
        expect(await checkLedgerInvariants(db(), { merchantId })).toEqual([]);
        return;
      }

      // Re-included: orphaned and found again in the same transaction, pending at its new block.
      const newHash = (await devnetBlock("devnet", newBlock)).hash;
      expect(await paymentOf(invoice.id)).toMatchObject({
        status: "pending",
        blockNumber: newBlock,
        blockHash: newHash,
        reorgedAt: null,
        confirmedAt: null,
      });
      const afterReorg = [...before, "payment.reorged", "payment.detected", ...(wasPaid ? ["invoice.pending"] : [])];
      expect(await eventTypes(invoice.id)).toEqual(afterReorg);
      expect(await invoiceOf(invoice.id)).toMatchObject({ status: "pending", reviewReason: null });

      const old = wasPaid
        ? [
            ["payment", "posted", "10000000", payment.blockHash],
            ["adjustment", "posted", "10000000", "reversal"],
          ]
        : [["payment", "voided", "10000000", payment.blockHash]];
      expect(await ledgerOf(invoice.id)).toEqual(inOrder([...old, ["payment", "pending", "10000000", newHash]]));

      await mine("devnet", Number(newBlock + 2n - newHead.number)); // its third confirmation
      await scanToHead();
      expect((await paymentOf(invoice.id)).status).toBe("confirmed");
      expect(await eventTypes(invoice.id)).toEqual([...afterReorg, "payment.confirmed", "invoice.paid"]);
      expect(await invoiceOf(invoice.id)).toMatchObject({ status: "paid", reviewReason: null });
      expect((await invoiceOf(invoice.id)).amountPaid.toFixed(0)).toBe("10000000");
      expect(await db().payment.count({ where: { invoiceId: invoice.id } })).toBe(1);
      expect(await ledgerOf(invoice.id)).toEqual(inOrder([...old, ["payment", "posted", "10000000", newHash]]));
      expect(await checkLedgerInvariants(db(), { merchantId })).toEqual([]);
    },
  );

  it("halts on a reorg deeper than the retained block hashes, changing nothing, until an operator rescans from a trusted block", async () => {
    const retainBlocks = 4n;
    // Keeps only the last four hashes; a dust transfer follows the payment and is not re-included.
    const { invoice, payment, head, dust } = await paidAtDepth(merchantId, 5, { retainBlocks }, { dustAfter: true });
    expect(await db().payment.count({ where: { invoiceId: invoice.id, dust: true, txHash: dust!.hash } })).toBe(1);
    expect(await db().blockHash.count({ where: { networkId: "devnet" } })).toBe(4);
    const before = await eventTypes(invoice.id);
    expect(before).toEqual([
      "invoice.created",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.paid",
    ]);

    // Six blocks replaced, the payment re-included one block later than it was.
    await devnetRpc("devnet", "anvil_reorg", [6, [[payment.raw, 2]]]);
    for (let i = 0; i < 2; i++) {
      await expect(scanNetwork(db(), client, network, { owner: OWNER, retainBlocks })).rejects.toThrow(
        ReorgTooDeepError,
      );
    }
    await releaseNetworkLease(db(), { networkId: "devnet", owner: OWNER });
    expect(await cursor()).toEqual({ blockNumber: head.number, blockHash: head.hash });
    expect(await paymentOf(invoice.id)).toMatchObject({
      status: "confirmed",
      blockNumber: payment.blockNumber,
      blockHash: payment.blockHash,
    });
    expect(await eventTypes(invoice.id)).toEqual(before);

    // The operator trusts the block below the replaced ones; the payment moved, so it is orphaned
    // (the invoice goes to review) and found again by the rescan (the invoice waits for it, then is
    // paid again), never counted twice.
    const trusted = head.number - 6n;
    expect(await rescanNetworkFrom(db(), client, network, { block: trusted, now: new Date() })).toEqual({
      checked: 2,
      reorged: 2,
    });
    // The dust left silently (no event) and its ledger entry with it.
    expect(await db().payment.findFirst({ where: { txHash: dust!.hash }, select: { status: true } })).toEqual({
      status: "reorged",
    });
    expect(await eventTypes(invoice.id)).toEqual([...before, "payment.reorged", "invoice.review_required"]);
    expect(await cursor()).toEqual({ blockNumber: trusted, blockHash: (await devnetBlock("devnet", trusted)).hash });
    await scanToHead();
    await mine("devnet", 2);
    await scanToHead();
    const moved = await devnetBlock("devnet", trusted + 3n);
    expect(await paymentOf(invoice.id)).toMatchObject({
      status: "confirmed",
      blockNumber: trusted + 3n,
      blockHash: moved.hash,
    });
    expect(await db().payment.count({ where: { invoiceId: invoice.id, dust: false } })).toBe(1);
    expect(await eventTypes(invoice.id)).toEqual([
      ...before,
      "payment.reorged",
      "invoice.review_required",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.paid",
    ]);
    expect(await invoiceOf(invoice.id)).toMatchObject({ status: "paid", reviewReason: null });
    expect((await invoiceOf(invoice.id)).amountPaid.toFixed(0)).toBe("10000000");
    const head2 = await devnetBlock("devnet");
    expect(await cursor()).toEqual({ blockNumber: head2.number, blockHash: head2.hash });
    expect(await checkLedgerInvariants(db(), { merchantId })).toEqual([]);
    await expectMatched(merchantId);
  });
});
