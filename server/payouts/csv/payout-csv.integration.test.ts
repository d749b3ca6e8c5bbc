import { beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { POST as createRoute } from "@/app/api/v1/payouts/route";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { tick } from "@/server/jobs/tick";
import { getBalances } from "@/server/ledger/get-balances";
import { createDevnetInvoice } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import { createBatchFromCsv } from "./create-batch-from-csv";
import { previewPayoutCsv } from "./preview-payout-csv";

// The CSV upload's server side against a merchant funded for real (an invoice paid on the devnet, confirmed by the
// watcher: 100 USDC available): the preview reads the ledger and the merchant's references and creates nothing;
// "Create batch" creates exactly the previewed payouts, once per key, and nothing when the file has an error.

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const C = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const USER = "usr_csv_uploader";
let key: string;
let merchantId: string;

const counts = async () => ({
  payouts: await db().payout.count({ where: { merchantId } }),
  batches: await db().payoutBatch.count({ where: { merchantId } }),
  transfers: await db().ledgerTransfer.count({ where: { merchantId, type: "payout" } }),
  events: await db().event.count({ where: { merchantId, type: { startsWith: "payout." } } }),
});

async function usdc() {
  const b = (await getBalances(db(), { merchantId, livemode: false })).find(
    (x) => x.networkId === "devnet" && x.asset === "USDC",
  );
  return { available: b?.available ?? 0n, reserved: b?.reserved ?? 0n };
}

const preview = (csv: string) =>
  previewPayoutCsv(db(), { merchantId, livemode: false, network: "devnet", asset: "USDC", csv });

async function create(csv: string, idempotencyKey: string) {
  const { digest } = await preview(csv);
  return createBatchFromCsv(db(), {
    merchantId,
    livemode: false,
    createdBy: USER,
    network: "devnet",
    asset: "USDC",
    csv,
    digest,
    idempotencyKey,
  });
}

async function refusal(promise: Promise<unknown>): Promise<[string, string]> {
  try {
    await promise;
    return ["resolved", ""];
  } catch (error) {
    return error instanceof AppError ? [error.code, error.message] : ["threw", String(error)];
  }
}

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  await tick(db(), { owner: "payout-csv-test" });
  const invoice = await createDevnetInvoice(merchantId, { amount: "100.00", currency: "USDC", network: "devnet" });
  await pay({ network: "devnet", asset: "USDC", to: invoice.address as Address, amount: 100_000_000n });
  await mine("devnet", 3);
  await tick(db(), { owner: "payout-csv-test" });
  expect(await usdc()).toEqual({ available: 100_000_000n, reserved: 0n });
  // A payout made earlier through the API, whose reference a file then repeats.
  const res = await createRoute(
    apiRequest("POST", "/api/v1/payouts", {
      key,
      body: { network: "devnet", asset: "USDC", amount: "10", address: C, reference: "earlier-1" },
    }),
    params({}),
  );
  expect(res.status).toBe(201);
  expect(await usdc()).toEqual({ available: 90_000_000n, reserved: 10_000_000n });
});

describe("previewPayoutCsv", () => {
  it("flags a reference the merchant used before, totals the valid amounts against available, creates nothing", async () => {
    const before = await counts();
    const csv = `\uFEFFaddress,amount,reference\r\n${A},40,r-1\r\n${B},45.5,earlier-1\r\n${A},40,r-3\r\n`;
    const result = await preview(csv);
    expect(result).toEqual({
      network: "devnet",
      asset: "USDC",
      decimals: 6,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      fileErrors: ["The total, 125.50 USDC, is more than the available balance, 90.00 USDC, on Devnet."],
      rows: 3,
      errors: 1,
      warnings: 1,
      problems: [
        {
          line: 3,
          severity: "error",
          field: "reference",
          code: "reference_exists",
          message: 'A payout with reference "earlier-1" exists already: was this file uploaded before?',
        },
        {
          line: 4,
          severity: "warning",
          field: "row",
          code: "duplicate_payout",
          message: "Same address and amount (40.00 USDC) as line 2: is it listed twice?",
        },
      ],
      problemRows: { 3: [B, "45.5", "earlier-1"], 4: [A, "40", "r-3"] },
      payouts: [
        { line: 2, address: A, amount: "40.00", reference: "r-1" },
        { line: 4, address: A, amount: "40.00", reference: "r-3" },
      ],
      items: [
        { line: 2, address: A.toLowerCase(), amount: 40_000_000n, reference: "r-1" },
        { line: 4, address: A.toLowerCase(), amount: 40_000_000n, reference: "r-3" },
      ],
      total: "125.50",
      available: "90.00",
      canCreate: false,
    });
    expect(await counts()).toEqual(before);
  });

  it("a file within the balance with only a warning can be created; a bad header is a file error", async () => {
    const ok = await preview(`address,amount,reference\n${A},45,w-1\n${A},45,w-2\n`);
    expect([ok.fileErrors, ok.errors, ok.warnings, ok.total, ok.available, ok.canCreate]).toEqual([
      [],
      0,
      1,
      "90.00",
      "90.00",
      true,
    ]);
    const bad = await preview(`address;amount;reference\n${A};45;w-1\n`);
    expect([bad.fileErrors, bad.rows, bad.canCreate]).toEqual([
      ['The first line must be exactly "address,amount,reference" (found "address;amount;reference").'],
      0,
      false,
    ]);
  });

  it("an unknown network or asset is a 422 naming it", async () => {
    const csv = `address,amount,reference\n${A},1,x\n`;
    expect(
      await refusal(previewPayoutCsv(db(), { merchantId, livemode: false, network: "nowhere", asset: "USDC", csv })),
    ).toEqual(["unsupported_network", 'Network "nowhere" is not enabled in test mode.']);
    expect(
      await refusal(previewPayoutCsv(db(), { merchantId, livemode: false, network: "devnet", asset: "DOGE", csv })),
    ).toEqual(["unsupported_asset", 'Asset "DOGE" is not on "devnet".']);
  });
});

describe("createBatchFromCsv", () => {
  it("refuses a file with errors, or another file than the previewed one, and creates nothing", async () => {
    const before = await counts();
    const withError = `address,amount,reference\n${A},1,e-1\n${B},0,e-2\n`;
    expect(await refusal(create(withError, "key-error-1"))).toEqual([
      "parameter_invalid",
      "The file cannot be paid as it is (1 problem): Line 3: The amount is zero.",
    ]);
    const overBalance = `address,amount,reference\n${A},60,o-1\n${B},30.000001,o-2\n`;
    expect(await refusal(create(overBalance, "key-error-2"))).toEqual([
      "parameter_invalid",
      "The file cannot be paid as it is (1 problem): The total, 90.000001 USDC, is more than the available balance, 90.00 USDC, on Devnet.",
    ]);
    const { digest } = await preview(`address,amount,reference\n${A},1,d-1\n`);
    expect(
      await refusal(
        createBatchFromCsv(db(), {
          merchantId,
          livemode: false,
          createdBy: USER,
          network: "devnet",
          asset: "USDC",
          csv: `address,amount,reference\n${A},2,d-1\n`,
          digest,
          idempotencyKey: "key-error-3",
        }),
      ),
    ).toEqual(["parameter_invalid", "The file is not the one previewed: preview it again."]);
    expect(await counts()).toEqual(before);
    expect(await usdc()).toEqual({ available: 90_000_000n, reserved: 10_000_000n });
    await expectMatched(merchantId);
  });

  it("creates exactly the previewed payouts in file order, once for a double click", async () => {
    const before = await counts();
    const csv = `address,amount,reference\r\n${A},12.5,"batch, one"\r\n${B.toLowerCase()},0.000001,\r\n${A},7,batch-3\r\n`;
    const previewed = await preview(csv);
    expect(previewed.canCreate).toBe(true);
    // Two clicks at once with the page's key for this preview: one batch, whichever answers first.
    const [first, second] = await Promise.allSettled([create(csv, "double-click"), create(csv, "double-click")]);
    const made = [first, second].flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = [first, second].flatMap((r) => (r.status === "rejected" ? [(r.reason as AppError).code] : []));
    expect(made.length + refused.length).toBe(2);
    expect(refused.every((code) => code === "idempotency_key_in_use")).toBe(true);
    const batch = made[0]!;
    // A later retry with the same key replays the batch.
    const again = await create(csv, "double-click");
    expect([again.id, again.replayed]).toEqual([batch.id, true]);
    expect(batch).toMatchObject({
      object: "payout_batch",
      status: "queued",
      network: "devnet",
      asset: "USDC",
      total: "19.500001",
      count: 3,
    });

    const payouts = await db().payout.findMany({ where: { batchId: batch.id }, orderBy: { batchIndex: "asc" } });
    expect(
      payouts.map((p) => [p.batchIndex, p.address, p.amount.toString(), p.reference, p.status, p.createdBy]),
    ).toEqual(
      previewed.payouts.map((p, i) => [
        i,
        p.address.toLowerCase(),
        String(previewed.items[i]!.amount),
        p.reference,
        "queued",
        USER,
      ]),
    );
    expect(await counts()).toEqual({
      payouts: before.payouts + 3,
      batches: before.batches + 1,
      transfers: before.transfers + 3,
      events: before.events + 3,
    });
    expect(await usdc()).toEqual({ available: 70_499_999n, reserved: 29_500_001n });
    // The same file again: its references exist now, so the preview refuses it.
    const repeat = await preview(csv);
    expect(repeat.problems.map((p) => [p.line, p.code])).toEqual([
      [2, "reference_exists"],
      [4, "reference_exists"],
    ]);
    await expectMatched(merchantId);
  });
});
