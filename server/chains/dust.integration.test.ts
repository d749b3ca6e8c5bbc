import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeFunctionData, erc20Abi, multicall3Abi, parseAbi, type Address, type Hash } from "viem";
import { GET as getRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as createRoute } from "@/app/api/v1/invoices/route";
import { devnetWallet } from "@/scripts/lib/devnet-payment";
import { publicClientFor } from "@/server/chains/client";
import { DEVNET_TOKENS } from "@/server/chains/devnet-tokens";
import { findNetwork } from "@/server/chains/networks";
import { rescanQuarantinedRange } from "@/server/chains/rescan-quarantined-range";
import { db } from "@/server/db";
import { pgPool } from "@/server/db/pg-pool";
import { paymentExportText } from "@/server/exports/export-payments";
import { exportFilters } from "@/server/exports/stream-export";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { tick } from "@/server/jobs/tick";
import { MULTICALL3_RUNTIME_CODE } from "@/server/ledger/multicall3-runtime-code";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { devnetRpcUrl } from "@/test/chains";
import { expectMatched } from "@/test/reconcile";

// Dust and a network that must keep scanning (issue 16, items 2 and 3): real transfers on the devnet, the real
// tick, invoices through the API. No timings: what is asserted is what the scans recorded.

const USDC = DEVNET_TOKENS.find((t) => t.symbol === "USDC")!.address;
// An address with Multicall3's code (anvil_setCode), holding test USDC: one call of it is hundreds of transfers.
const SPRAYER: Address = "0x00000000000000000000000000000000d05d0001";

let key: string;
let merchantId: string;

async function create(body: Record<string, unknown>): Promise<InvoiceResponse> {
  const res = await createRoute(apiRequest("POST", "/api/v1/invoices", { key, body }), params({}));
  expect(res.status).toBe(201);
  return res.json();
}
const usdcInvoice = (amount: string) =>
  create({ amount, currency: "USDC", payment_methods: [{ network: "devnet", asset: "USDC" }] });
async function get(id: string): Promise<InvoiceResponse> {
  return (await getRoute(apiRequest("GET", `/api/v1/invoices/${id}`, { key }), params({ id }))).json();
}
async function eventTypes(id: string): Promise<string[]> {
  return (await db().event.findMany({ where: { invoiceId: id }, orderBy: { sequence: "asc" } })).map((e) => e.type);
}
const addressOf = (invoice: InvoiceResponse) => invoice.payment_options[0]!.address as Address;
/** Mine 3 blocks (every payment so far confirms) and run the chains part of the tick `times` times. */
async function settle(times = 1): Promise<void> {
  await mine("devnet", 3);
  for (let i = 0; i < times; i++) await tick(db(), { owner: "dust", parts: ["chains"] });
}

const { wallet, test } = devnetWallet(devnetRpcUrl("devnet"), "devnet", 3);

/** Calls of `transfer(to, amount)` on `token` made by the sprayer, `count` of them per recipient. */
const transfers = (token: Address, to: Address, amount: bigint, count: number) =>
  Array.from({ length: count }, () => ({
    target: token,
    allowFailure: false,
    callData: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] }),
  }));

/** Send the calls through the sprayer in transactions of at most 500 calls, all mined in one block with `extra`. */
async function sprayInOneBlock(
  calls: ReturnType<typeof transfers>,
  extra: () => Promise<Hash>,
): Promise<{ blockNumber: bigint; logs: number }> {
  await test.setAutomine(false);
  const hashes: Hash[] = [];
  try {
    let nonce = await wallet.getTransactionCount({ address: wallet.account.address, blockTag: "pending" });
    for (let i = 0; i < calls.length; i += 500) {
      hashes.push(
        await wallet.writeContract({
          address: SPRAYER,
          abi: multicall3Abi,
          functionName: "aggregate3",
          args: [calls.slice(i, i + 500)],
          gas: 25_000_000n,
          nonce: nonce++,
        }),
      );
    }
    hashes.push(await extra());
    await test.mine({ blocks: 1 });
  } finally {
    await test.setAutomine(true);
  }
  const receipts = await Promise.all(hashes.map((hash) => wallet.waitForTransactionReceipt({ hash })));
  expect(receipts.map((r) => r.status)).toEqual(receipts.map(() => "success"));
  expect(new Set(receipts.map((r) => r.blockNumber)).size).toBe(1);
  return { blockNumber: receipts[0]!.blockNumber, logs: receipts.reduce((n, r) => n + r.logs.length, 0) };
}

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  await test.setBlockGasLimit({ gasLimit: 300_000_000n });
  await test.setCode({ address: SPRAYER, bytecode: MULTICALL3_RUNTIME_CODE });
  const mint = await wallet.writeContract({
    address: USDC,
    abi: parseAbi(["function mint(address to, uint256 amount)"]),
    functionName: "mint",
    args: [SPRAYER, 10_000_000n],
  });
  await wallet.waitForTransactionReceipt({ hash: mint });
  await tick(db(), { owner: "dust", parts: ["chains"] });
});

afterAll(async () => {
  await test.setAutomine(true);
});

describe("dust to a paid invoice (item 3)", () => {
  it("1 wei of ETH and one unit of another asset are recorded, and the paid invoice stays paid", async () => {
    const invoice = await usdcInvoice("2.00");
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 2_000_000n });
    await settle();
    expect((await get(invoice.id)).status).toBe("paid");
    await pay({ network: "devnet", asset: "ETH", to: addressOf(invoice), amount: 1n });
    await pay({ network: "devnet", asset: "USDT", to: addressOf(invoice), amount: 1n });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(invoice), amount: 1n });
    await settle();
    expect(await get(invoice.id)).toMatchObject({
      status: "paid",
      review_reason: null,
      amount_paid: "2.00",
      amount_overpaid: "0.00",
    });
    expect((await get(invoice.id)).payments.map((p) => [p.asset, p.amount_base_units])).toEqual([["USDC", "2000000"]]);
    expect(await eventTypes(invoice.id)).toEqual([
      "invoice.created",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.paid",
    ]);
    const dust = await db().payment.findMany({
      where: { invoiceId: invoice.id, dust: true },
      select: { asset: true, amount: true, status: true },
      orderBy: { asset: "asc" },
    });
    expect(dust.map((d) => [d.asset, d.amount.toFixed(0), d.status])).toEqual([
      ["ETH", "1", "confirmed"],
      ["USDC", "1", "confirmed"],
      ["USDT", "1", "confirmed"],
    ]);
    // The payments export leaves dust out, as the invoice's payments do.
    const lines: string[] = [];
    for await (const page of paymentExportText(
      pgPool(),
      exportFilters({ merchantId, livemode: false, query: {} }),
      1000,
    ))
      lines.push(...page.filter((line) => line.includes(invoice.id)));
    expect(lines.map((line) => line.split(",")).map((cells) => [cells[5], cells[7], cells[8]])).toEqual([
      ["USDC", "2.00", "2000000"],
    ]);
    await expectMatched(merchantId);
  });
});

describe("2,000 transfers to one address in one block (item 2)", () => {
  it("are recorded as dust without an event each, and a normal payment in the same block is detected", async () => {
    const flooded = await usdcInvoice("5.00");
    const many = await usdcInvoice("1.00");
    const normal = await usdcInvoice("3.00");
    const { blockNumber, logs } = await sprayInOneBlock(
      [...transfers(USDC, addressOf(flooded), 1n, 2_000), ...transfers(USDC, addressOf(many), 10_000n, 25)],
      () =>
        devnetWallet(devnetRpcUrl("devnet"), "devnet", 4).wallet.writeContract({
          address: USDC,
          abi: erc20Abi,
          functionName: "transfer",
          args: [addressOf(normal), 3_000_000n],
        }),
    );
    expect(logs).toBe(2_026);
    await settle();

    expect(await get(normal.id)).toMatchObject({ status: "paid", amount_paid: "3.00" });
    expect(await eventTypes(normal.id)).toEqual([
      "invoice.created",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.paid",
    ]);
    expect((await get(normal.id)).payments.map((p) => p.block_number)).toEqual([Number(blockNumber)]);

    expect(await get(flooded.id)).toMatchObject({ status: "created", amount_paid: "0.00", payments: [] });
    expect(await eventTypes(flooded.id)).toEqual(["invoice.created"]);
    expect(await db().payment.count({ where: { invoiceId: flooded.id, dust: true, status: "confirmed" } })).toBe(2_000);

    // 25 payments of 0.01: credited, each with its events, and the events list only the latest 20 payments.
    expect(await get(many.id)).toMatchObject({ status: "partially_paid", amount_paid: "0.25", amount_due: "0.75" });
    expect((await get(many.id)).payments).toHaveLength(25);
    const events = await db().event.findMany({ where: { invoiceId: many.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => e.type)).toEqual([
      "invoice.created",
      ...Array.from({ length: 25 }, () => "payment.detected"),
      "invoice.pending",
      ...Array.from({ length: 25 }, () => "payment.confirmed"),
      "invoice.partially_paid",
    ]);
    const last = events[events.length - 1]!.data as {
      object: InvoiceResponse;
      payments_omitted?: number;
    };
    expect(last.object.payments).toHaveLength(20);
    expect(last.payments_omitted).toBe(5);
    expect(last.object.payment_options[0]!.amount_due).toBe("0.75");
    // All 25 were recorded in one statement before their events: every event lists 20 and omits 5.
    expect(
      events.slice(1).map((e) => {
        const data = e.data as { object: InvoiceResponse; payments_omitted?: number };
        return [data.object.payments.length, data.payments_omitted];
      }),
    ).toEqual(events.slice(1).map(() => [20, 5]));

    const dust = await db().ledgerAccount.findFirstOrThrow({
      where: { code: `merchant:${merchantId}:dust`, networkId: "devnet", asset: "USDC", livemode: false },
    });
    expect([dust.creditsPosted.toFixed(0), dust.creditsPending.toFixed(0)]).toEqual(["2001", "0"]);
    await expectMatched(merchantId);
  });
});

describe("a block that keeps failing to record (item 2)", () => {
  it("is quarantined with an alert, the network goes on, and an operator rescans it", async () => {
    const poisoned = await usdcInvoice("1.00");
    const normal = await usdcInvoice("2.00");
    const address = addressOf(poisoned).toLowerCase();
    // A database that refuses this one payment, whatever the scanner does: the block cannot be recorded.
    await db().$executeRawUnsafe(`CREATE FUNCTION test_poison() RETURNS trigger AS $$ BEGIN
        IF NEW.to_address = '${address}' THEN RAISE EXCEPTION 'poisoned payment'; END IF; RETURN NEW; END $$
        LANGUAGE plpgsql`);
    await db().$executeRawUnsafe(
      `CREATE TRIGGER test_poison BEFORE INSERT ON payments FOR EACH ROW EXECUTE FUNCTION test_poison()`,
    );
    let poisonBlock: bigint;
    try {
      poisonBlock = (await pay({ network: "devnet", asset: "USDC", to: addressOf(poisoned), amount: 1_000_000n }))
        .blockNumber;
      await pay({ network: "devnet", asset: "USDC", to: addressOf(normal), amount: 2_000_000n });
      // Attempt 1 (the whole range), attempts 2 and 3 (the block alone), then quarantined and scanning goes on.
      await settle(3);
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER test_poison ON payments`);
      await db().$executeRawUnsafe(`DROP FUNCTION test_poison()`);
    }
    expect(await get(normal.id)).toMatchObject({ status: "paid", amount_paid: "2.00" });
    expect(await eventTypes(normal.id)).toEqual([
      "invoice.created",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.paid",
    ]);
    expect(await get(poisoned.id)).toMatchObject({ status: "created", payments: [] });
    const quarantines = await db().scanQuarantine.findMany({ where: { networkId: "devnet" } });
    expect(quarantines.map((q) => [q.fromBlock, q.toBlock, q.attempts, q.rescannedAt])).toEqual([
      [poisonBlock, poisonBlock, 3, null],
    ]);
    expect(quarantines[0]!.lastError).toContain("poisoned payment");
    const cursor = await db().networkCursor.findUniqueOrThrow({ where: { networkId: "devnet" } });
    expect([cursor.failingFromBlock, cursor.failingAttempts]).toEqual([null, 0]);

    const network = findNetwork("devnet")!;
    const now = new Date();
    expect(
      await rescanQuarantinedRange(db(), publicClientFor(network), network, { id: quarantines[0]!.id, now }),
    ).toEqual({
      id: quarantines[0]!.id,
      networkId: "devnet",
      fromBlock: poisonBlock,
      toBlock: poisonBlock,
      transfers: 1,
    });
    await settle();
    expect(await get(poisoned.id)).toMatchObject({ status: "paid", amount_paid: "1.00" });
    expect(await eventTypes(poisoned.id)).toEqual([
      "invoice.created",
      "payment.detected",
      "invoice.pending",
      "payment.confirmed",
      "invoice.paid",
    ]);
    expect((await db().scanQuarantine.findUniqueOrThrow({ where: { id: quarantines[0]!.id } })).rescannedAt).toEqual(
      now,
    );
    await expectMatched(merchantId);
  });
});
