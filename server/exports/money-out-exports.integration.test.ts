import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { getAddress, parseEther, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { POST as createRule } from "@/app/api/v1/auto_withdrawals/route";
import { GET as exportRoute } from "@/app/api/v1/exports/[file]/route";
import { POST as createPayoutRoute } from "@/app/api/v1/payouts/route";
import { GET as getPayoutRoute } from "@/app/api/v1/payouts/[id]/route";
import { GET as getWithdrawalRoute } from "@/app/api/v1/withdrawals/[id]/route";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { createBatchFromCsv } from "@/server/payouts/csv/create-batch-from-csv";
import { csvDigest } from "@/server/payouts/csv/preview-payout-csv";
import type { PayoutResponse } from "@/server/payouts/payout.schema";
import { prepareSweeps } from "@/server/sweeps/prepare-sweeps";
import "@/server/sweeps/sweep-transaction-handlers";
import { platformAddress } from "@/server/wallets/platform-keys";
import type { WithdrawalResponse } from "@/server/withdrawals/withdrawal.schema";
import { createDevnetInvoice, devnetRpc } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";

// The payouts and withdrawals exports through the real route, of money sent for real on the devnet by the worker's
// parts: a payout and a CSV batch confirmed on chain, an auto-withdrawal swept. Every row is compared, cell for cell,
// with what the API answers and what the chain recorded (block, fee).

const OWNER = "money-out-exports-test";
const network = findNetwork("devnet") as Network;
const client: PublicClient = publicClientFor(network);
const USDC_TOKEN = getAddress(network.assets.find((a) => a.symbol === "USDC")!.tokenAddress!);
const fresh = () => privateKeyToAccount(generatePrivateKey()).address;

let payer: { key: string; merchantId: string };
let saver: { key: string; merchantId: string };

async function fund(merchantId: string, units: bigint): Promise<void> {
  const invoice = await createDevnetInvoice(merchantId, {
    amount: String(units / 1_000_000n),
    currency: "USDC",
    network: "devnet",
  });
  await pay({ network: "devnet", asset: "USDC", to: invoice.address as Address, amount: units });
  await mine("devnet", 3);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
}

/** Passes of the worker's money-moving parts until `done` (at most 40). */
async function drive(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await done()) return;
    for (const part of ["chains", "withdrawals", "payouts", "sweeps", "sender"] as const)
      await tick(db(), { owner: OWNER, parts: [part] });
    await mine("devnet", 1);
  }
  const state = {
    withdrawals: await db().withdrawal.findMany({ select: { status: true, sweepId: true, failureReason: true } }),
    sweeps: await db().sweep.findMany({ select: { status: true, purpose: true, failureReason: true } }),
    items: await db().sweepItem.findMany({ select: { status: true, failureReason: true, attempts: true } }),
  };
  throw new Error(`did not settle in 40 passes: ${JSON.stringify(state)}`);
}

async function download(file: string, key: string, query = ""): Promise<Response> {
  return exportRoute(apiRequest("GET", `/api/v1/exports/${file}${query}`, { key }), params({ file }));
}

async function csvOf(res: Response): Promise<{ header: string[]; rows: string[][] }> {
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header = [], ...rows] = parse(new TextDecoder().decode(bytes.slice(3))) as string[][];
  return { header, rows };
}

const cell = (v: string | null | undefined) => v ?? "";

beforeAll(async () => {
  payer = await createTestMerchant();
  saver = await createTestMerchant();
  for (const role of ["hot", "gas"] as const)
    await devnetRpc("devnet", "anvil_setBalance", [
      platformAddress(role, false),
      `0x${parseEther("100").toString(16)}`,
    ]);
  await prepareSweeps([network]);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
  await fund(payer.merchantId, 100_000_000n);
  await fund(saver.merchantId, 30_000_000n);
});

describe("payouts.csv", () => {
  it(
    "one row per payout, oldest first, with its batch, reference, transaction, block and fee",
    { timeout: 240_000 },
    async () => {
      const single = await createPayoutRoute(
        apiRequest("POST", "/api/v1/payouts", {
          key: payer.key,
          body: {
            network: "devnet",
            asset: "USDC",
            amount: "4.5",
            address: fresh(),
            reference: "=cmd|' /C calc'!A0",
            description: '-refund, "quoted"',
          },
        }),
        params({}),
      );
      expect(single.status).toBe(201);
      const first = (await single.json()) as PayoutResponse;
      const csv = `address,amount,reference\n${fresh()},10,batch-1\n${fresh()},0.000001,\n`;
      const batch = await createBatchFromCsv(db(), {
        merchantId: payer.merchantId,
        livemode: false,
        createdBy: "usr_exports_test",
        network: "devnet",
        asset: "USDC",
        csv,
        digest: csvDigest(csv),
        idempotencyKey: "exports-batch",
      });
      const ids = [
        first.id,
        ...(await db().payout.findMany({ where: { batchId: batch.id }, orderBy: { batchIndex: "asc" } })).map(
          (p) => p.id,
        ),
      ];
      await drive(async () => (await db().payout.count({ where: { id: { in: ids }, status: "confirmed" } })) === 3);

      const payouts: PayoutResponse[] = [];
      for (const id of ids) {
        const res = await getPayoutRoute(
          apiRequest("GET", `/api/v1/payouts/${id}`, { key: payer.key }),
          params({ id }),
        );
        payouts.push((await res.json()) as PayoutResponse);
      }
      const res = await download("payouts.csv", payer.key);
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="payrail-payouts-test.csv"');
      const { header, rows } = await csvOf(res);
      expect(header).toEqual([
        "id",
        "batch",
        "reference",
        "created_at",
        "status",
        "network",
        "chain_id",
        "asset",
        "token_address",
        "amount",
        "amount_base_units",
        "address",
        "tx_hash",
        "block_number",
        "network_fee",
        "network_fee_asset",
        "description",
        "approved_at",
        "submitted_at",
        "confirmed_at",
        "failed_at",
        "cancelled_at",
        "failure_reason",
      ]);
      const expected: string[][] = [];
      for (const p of payouts) {
        const receipt = await client.getTransactionReceipt({ hash: p.tx_hash as `0x${string}` });
        expected.push([
          p.id,
          cell(p.batch),
          p.reference === "=cmd|' /C calc'!A0" ? "'=cmd|' /C calc'!A0" : cell(p.reference),
          p.created_at,
          "confirmed",
          "devnet",
          "31337",
          "USDC",
          USDC_TOKEN,
          p.amount,
          p.amount_base_units,
          p.address,
          p.tx_hash!,
          receipt.blockNumber.toString(),
          p.network_fee!,
          "ETH",
          p.description === null ? "" : `'${p.description}`,
          p.approved_at!,
          p.submitted_at!,
          p.confirmed_at!,
          "",
          "",
          "",
        ]);
      }
      // Oldest first; the batch's payouts share their creation time and follow by id.
      expected.sort((a, b) => (a[3]! < b[3]! ? -1 : a[3]! > b[3]! ? 1 : a[0]! < b[0]! ? -1 : 1));
      expect(rows).toEqual(expected);
      expect(rows[0]![0]).toBe(first.id);
      // The exact cells that matter, written out, by payout.
      const byId = new Map(rows.map((r) => [r[0], [r[1], r[2], r[9], r[10], r[16]]]));
      expect(ids.map((id) => byId.get(id))).toEqual([
        ["", "'=cmd|' /C calc'!A0", "4.50", "4500000", '\'-refund, "quoted"'],
        [batch.id, "batch-1", "10.00", "10000000", ""],
        [batch.id, "", "0.000001", "1", ""],
      ]);
      // The batch's two token payouts went out in one transaction: same hash and block on both rows.
      expect(byId.size).toBe(3);
      expect(rows.filter((r) => r[1] === batch.id).map((r) => r[12])).toEqual([rows[1]![12], rows[1]![12]]);

      // Filters: another network has none; the other merchant sees none of these.
      expect((await csvOf(await download("payouts.csv", payer.key, "?network=devnet-b"))).rows).toEqual([]);
      expect((await csvOf(await download("payouts.csv", saver.key))).rows).toEqual([]);
      await expectMatched(payer.merchantId);
    },
  );
});

describe("withdrawals.csv", () => {
  it("one row per withdrawal with its rule, sweep, transactions, blocks and fee", { timeout: 240_000 }, async () => {
    const to = fresh();
    const ruleRes = await createRule(
      apiRequest("POST", "/api/v1/auto_withdrawals", {
        key: saver.key,
        body: { network: "devnet", asset: "USDC", address: to, threshold: "25" },
      }),
      params({}),
    );
    expect(ruleRes.status).toBe(201);
    const rule = (await ruleRes.json()) as { id: string };
    await drive(
      async () => (await db().withdrawal.count({ where: { merchantId: saver.merchantId, status: "confirmed" } })) === 1,
    );
    const row = await db().withdrawal.findFirstOrThrow({ where: { merchantId: saver.merchantId } });
    const api = (await (
      await getWithdrawalRoute(
        apiRequest("GET", `/api/v1/withdrawals/${row.id}`, { key: saver.key }),
        params({ id: row.id }),
      )
    ).json()) as WithdrawalResponse;
    const blocks = [
      ...new Set(
        await Promise.all(
          api.tx_hashes.map(
            async (h) => (await client.getTransactionReceipt({ hash: h as `0x${string}` })).blockNumber,
          ),
        ),
      ),
    ].sort((a, b) => (a < b ? -1 : 1));

    const { header, rows } = await csvOf(await download("withdrawals.csv", saver.key));
    expect(header).toEqual([
      "id",
      "auto_withdrawal",
      "created_at",
      "status",
      "network",
      "chain_id",
      "asset",
      "amount",
      "amount_base_units",
      "address",
      "sweep",
      "tx_hashes",
      "block_numbers",
      "network_fee",
      "network_fee_asset",
      "submitted_at",
      "confirmed_at",
      "failed_at",
      "failure_reason",
    ]);
    expect(rows).toEqual([
      [
        api.id,
        rule.id,
        api.created_at,
        "confirmed",
        "devnet",
        "31337",
        "USDC",
        "30.00",
        "30000000",
        getAddress(to),
        row.sweepId!,
        api.tx_hashes.join(";"),
        blocks.join(";"),
        api.network_fee!,
        "ETH",
        api.submitted_at!,
        api.confirmed_at!,
        "",
        "",
      ],
    ]);
    // Whole deposit addresses are swept: the one 30 USDC address, all of available over the 25 USDC threshold.
    expect(api.amount).toBe("30.00");
    expect((await csvOf(await download("withdrawals.csv", payer.key))).rows).toEqual([]);
    await expectMatched(saver.merchantId);
  });
});
