import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address, Hash, Hex } from "viem";
import { POST as resolveRoute } from "@/app/api/v1/invoices/[id]/resolve/route";
import { anvilTestAccounts } from "@/server/chains/devnet-tokens";
import { db, inTransaction } from "@/server/db";
import { recomputeInvoice } from "@/server/invoices/recompute-invoice";
import { tick } from "@/server/jobs/tick";
import { toBigInt } from "@/server/money";
import { createDevnetInvoice, devnetBlock, devnetRpc, payRaw, resendRaw } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import { checkLedgerInvariants } from "./check-ledger-invariants";
import { getBalances } from "./get-balances";
import { syncInvoiceLedger } from "./sync-invoice-ledger";

// Random sequences of payments (exact, short, over, wrong asset), confirmations, expiries, reorgs
// (anvil_reorg / anvil_rollback of the last 1-4 blocks, the transactions re-included or not) and review
// decisions, on the real devnet with the real watcher. After every step: the ledger balances (debits =
// credits, stored totals = sums of transfers), the balances equal what the payments table and the
// invoices' statuses say independently, replaying every invoice's postings inserts nothing, and the
// reconciliation against the devnet is matched.
//
// Shared devnet: each run first mines past the deepest reorg, so only its own blocks are ever replaced,
// pays from anvil account 6 (no other test file does) with account 9 as the reorg filler, and the file
// leaves the cursor at the head.

const OWNER = "ledger-property-test";
const PAYER = 6;
const FILLER = anvilTestAccounts(10)[9]!.address;
const MAX_REORG = 4;

type Kind = "exact" | "short" | "over" | "wrong_asset";
type Command =
  | { kind: "pay"; invoice: number; how: Kind }
  | { kind: "mine"; blocks: number }
  | { kind: "expire" }
  | { kind: "reorg"; depth: number; method: "anvil_reorg" | "anvil_rollback"; reinclude: boolean }
  | { kind: "resolve"; invoice: number; action: "accept" | "close" | "refund" };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("pay" as const),
      invoice: fc.nat(1),
      how: fc.constantFrom<Kind>("exact", "short", "over", "wrong_asset"),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("mine" as const), blocks: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "expire" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("reorg" as const),
      depth: fc.integer({ min: 1, max: MAX_REORG }),
      method: fc.constantFrom("anvil_reorg" as const, "anvil_rollback" as const),
      reinclude: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("resolve" as const),
      invoice: fc.nat(1),
      action: fc.constantFrom("accept" as const, "close" as const, "refund" as const),
    }),
  },
);

interface Invoice {
  id: string;
  address: Address;
  asset: "USDC" | "ETH";
  amount: bigint;
}

/** A payment sent in this run: its signed transaction (to re-include it) and its hash. */
interface Sent {
  raw: Hex;
  hash: Hash;
}

/** The tick as the worker runs it; a network error (an illegal transition, a refused posting) fails the step. */
async function runTick(now?: Date): Promise<void> {
  const report = await tick(db(), { owner: OWNER, ...(now ? { now: () => now } : {}) });
  for (const [network, r] of Object.entries(report.networks)) expect(r.error, `tick on ${network}`).toBeUndefined();
}

/** What the balances must be, from the payments and the invoices alone (never from the ledger). */
async function expectedBalances(merchantId: string) {
  const invoices = await db().invoice.findMany({
    where: { merchantId },
    select: {
      status: true,
      payments: { select: { networkId: true, asset: true, amount: true, status: true } },
      resolutions: {
        where: { action: "refund" },
        select: { refundNetwork: true, refundAsset: true, refundAmount: true },
      },
    },
  });
  const totals = new Map<string, { pending: bigint; confirmed: bigint; held: bigint }>();
  const entry = (k: string) => totals.get(k) ?? totals.set(k, { pending: 0n, confirmed: 0n, held: 0n }).get(k)!;
  for (const inv of invoices) {
    const confirmed = new Map<string, bigint>();
    for (const p of inv.payments) {
      const k = `${p.networkId}/${p.asset}`;
      const e = entry(k);
      if (p.status === "pending") e.pending += toBigInt(p.amount);
      if (p.status === "confirmed") {
        e.confirmed += toBigInt(p.amount);
        confirmed.set(k, (confirmed.get(k) ?? 0n) + toBigInt(p.amount));
      }
    }
    // Held: what an unsettled invoice received (confirmed); nothing of a paid or cancelled one; for a
    // refunded one, the refund decided (at most what was received in that asset).
    if (inv.status === "refunded") {
      const refund = new Map<string, bigint>();
      for (const r of inv.resolutions) {
        const k = `${r.refundNetwork}/${r.refundAsset}`;
        refund.set(k, (refund.get(k) ?? 0n) + toBigInt(r.refundAmount!));
      }
      for (const [k, amount] of refund) {
        const cap = confirmed.get(k) ?? 0n;
        entry(k).held += amount < cap ? amount : cap;
      }
    } else if (inv.status !== "paid" && inv.status !== "cancelled") {
      for (const [k, amount] of confirmed) entry(k).held += amount;
    }
  }
  return totals;
}

async function expectSound(merchantId: string, log: string[]): Promise<void> {
  const where = log.join(" → ");
  expect(await checkLedgerInvariants(db(), { merchantId }), where).toEqual([]);

  const balances = await getBalances(db(), { merchantId, livemode: false });
  const expected = await expectedBalances(merchantId);
  const actual = new Map(balances.map((b) => [`${b.networkId}/${b.asset}`, b]));
  for (const k of new Set([...actual.keys(), ...expected.keys()])) {
    const e = expected.get(k) ?? { pending: 0n, confirmed: 0n, held: 0n };
    const b = actual.get(k);
    expect(
      {
        pending: b?.pending ?? 0n,
        custodyDeposits: b?.custodyDeposits ?? 0n,
        held: b?.held ?? 0n,
        available: b?.available ?? 0n,
        reserved: b?.reserved ?? 0n,
      },
      `${where}: balances of ${k}`,
    ).toEqual({
      pending: e.pending,
      custodyDeposits: e.confirmed,
      held: e.held,
      available: e.confirmed - e.held,
      reserved: 0n,
    });
  }

  // Replaying every invoice's postings inserts nothing and moves nothing.
  const invoices = await db().invoice.findMany({ where: { merchantId }, select: { id: true } });
  const count = await db().ledgerTransfer.count({ where: { merchantId } });
  for (const { id } of invoices)
    await inTransaction(db(), (tx) => syncInvoiceLedger(tx, { invoiceId: id, now: new Date() }));
  expect(await db().ledgerTransfer.count({ where: { merchantId } }), `${where}: replay`).toBe(count);
  expect(await getBalances(db(), { merchantId, livemode: false }), `${where}: replay`).toEqual(balances);

  await expectMatched(merchantId);
}

/** The block a sent transaction sits in now, or null when the chain dropped it. */
async function blockOf(hash: Hash): Promise<bigint | null> {
  const receipt = await devnetRpc<{ blockNumber: Hex } | null>("devnet", "eth_getTransactionReceipt", [hash]);
  return receipt ? BigInt(receipt.blockNumber) : null;
}

async function runSequence(commands: Command[]): Promise<void> {
  const { merchantId, key } = await createTestMerchant();
  await mine("devnet", MAX_REORG + 8); // past the deepest reorg: only this run's blocks get replaced
  await runTick();
  const floor = (await devnetBlock("devnet")).number; // never reorg at or below this block
  const invoices: Invoice[] = [
    {
      ...(await createDevnetInvoice(merchantId, { amount: "2.00", currency: "USDC", network: "devnet" })),
      asset: "USDC",
      amount: 2_000_000n,
    },
    {
      ...(await createDevnetInvoice(merchantId, { amount: "0.001", currency: "ETH", network: "devnet" })),
      asset: "ETH",
      amount: 10n ** 15n,
    },
  ];
  let sent: Sent[] = [];
  const log: string[] = [];

  for (const c of commands) {
    switch (c.kind) {
      case "pay": {
        const inv = invoices[c.invoice]!;
        const asset = c.how === "wrong_asset" ? (inv.asset === "USDC" ? "USDT" : "USDC") : inv.asset;
        const amount =
          c.how === "short"
            ? inv.amount / 2n
            : c.how === "over"
              ? inv.amount + inv.amount / 4n
              : c.how === "exact"
                ? inv.amount
                : 1_000_000n;
        const paid = await payRaw({ network: "devnet", asset, to: inv.address, amount, accountIndex: PAYER });
        sent.push({ raw: paid.raw, hash: paid.hash });
        await runTick();
        log.push(`pay ${c.how} ${amount} ${asset} → #${c.invoice}`);
        break;
      }
      case "mine":
        await mine("devnet", c.blocks);
        await runTick();
        log.push(`mine ${c.blocks}`);
        break;
      case "expire": {
        // What expireDueInvoices does for this merchant's open invoices, a day later (others' invoices untouched).
        const later = new Date(Date.now() + 24 * 3_600_000);
        const open = await db().invoice.findMany({
          where: { merchantId, status: { in: ["created", "pending", "partially_paid"] } },
          select: { id: true },
        });
        for (const { id } of open) {
          await inTransaction(db(), (tx) =>
            recomputeInvoice(tx, {
              invoiceId: id,
              now: later,
              cause: { source: "clock", expired_at: later.toISOString() },
            }),
          );
        }
        log.push("expire");
        break;
      }
      case "reorg": {
        const head = await devnetBlock("devnet");
        const depth = Math.min(c.depth, Number(head.number - floor));
        if (depth < 1) continue;
        const from = head.number - BigInt(depth) + 1n;
        // This run's transactions in the replaced blocks, in the order they were sent (nonce order).
        const affected: Sent[] = [];
        for (const s of sent) {
          const at = await blockOf(s.hash);
          if (at !== null && at >= from) affected.push(s);
        }
        if (c.method === "anvil_reorg") {
          // Same height, new blocks (a filler transfer makes the first differ); re-included into the last.
          const filler = [{ from: FILLER, to: FILLER, value: "0x1" }, 0];
          await devnetRpc("devnet", "anvil_reorg", [
            depth,
            [filler, ...(c.reinclude ? affected.map((s) => [s.raw, depth - 1]) : [])],
          ]);
        } else {
          const old = await devnetRpc<{ timestamp: Hex }>("devnet", "eth_getBlockByNumber", ["latest", false]);
          await devnetRpc("devnet", "anvil_rollback", [depth]);
          // A later timestamp, so no re-mined block is byte for byte the one it replaces; then a longer chain.
          await devnetRpc("devnet", "evm_setNextBlockTimestamp", [Number(BigInt(old.timestamp)) + 1]);
          if (c.reinclude) for (const s of affected) await resendRaw("devnet", s.raw);
          await mine("devnet", Math.max(1, depth + 1 - (c.reinclude ? affected.length : 0)));
        }
        // Dropped transactions are gone for good (the payer's nonce is reused by the next payment).
        const still: Sent[] = [];
        for (const s of sent) if ((await blockOf(s.hash)) !== null) still.push(s);
        sent = still;
        await runTick();
        log.push(`${c.method} ${depth}${c.reinclude ? " re-included" : ""} (${affected.length} tx)`);
        break;
      }
      case "resolve": {
        const inv = invoices[c.invoice]!;
        const row = await db().invoice.findUniqueOrThrow({
          where: { id: inv.id },
          select: {
            status: true,
            payments: { where: { status: "confirmed" }, select: { networkId: true, asset: true }, take: 1 },
          },
        });
        if (row.status !== "review_required") continue;
        const confirmed = row.payments[0];
        if (c.action === "refund" && !confirmed) continue;
        const body =
          c.action === "refund"
            ? {
                action: "refund",
                refund_address: "0x000000000000000000000000000000000000dEaD",
                refund_network: confirmed!.networkId,
                refund_asset: confirmed!.asset,
              }
            : { action: c.action };
        const res = await resolveRoute(
          apiRequest("POST", `/api/v1/invoices/${inv.id}/resolve`, { key, body }),
          params({ id: inv.id }),
        );
        expect(res.status, `${log.join(" → ")} → resolve ${c.action}: ${await res.clone().text()}`).toBe(200);
        log.push(`resolve #${c.invoice} ${c.action}`);
        break;
      }
    }
    await expectSound(merchantId, log);
  }
  // Everything confirmed in the end: still sound, and nothing is left pending.
  await mine("devnet", 3);
  await runTick();
  log.push("settle");
  await expectSound(merchantId, log);
  expect((await getBalances(db(), { merchantId, livemode: false })).every((b) => b.pending === 0n)).toBe(true);
}

describe("the ledger over random payment, reorg and review sequences on the devnet", () => {
  beforeAll(async () => {
    await runTick();
  });

  afterAll(async () => {
    // The next test file finds the cursor at the head.
    await runTick();
    const head = await devnetBlock("devnet");
    const cursor = await db().networkCursor.findUniqueOrThrow({
      where: { networkId: "devnet" },
      select: { blockNumber: true, blockHash: true },
    });
    expect(cursor).toEqual({ blockNumber: head.number, blockHash: head.hash });
  });

  it("balances, matches the devnet and replays to nothing after every step", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 6, maxLength: 10 }), (commands) => runSequence(commands)),
      { numRuns: 12, interruptAfterTimeLimit: 480_000, markInterruptAsFailure: true },
    );
  }, 600_000);
});
