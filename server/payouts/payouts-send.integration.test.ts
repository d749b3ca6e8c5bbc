import { beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, parseEther, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { POST as cancelRoute } from "@/app/api/v1/payouts/[id]/cancel/route";
import { POST as createRoute } from "@/app/api/v1/payouts/route";
import { GET as getBatchRoute } from "@/app/api/v1/payout_batches/[id]/route";
import { POST as createBatchRoute } from "@/app/api/v1/payout_batches/route";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { getBalances } from "@/server/ledger/get-balances";
import { formatDecimal } from "@/server/money";
import { prepareSweeps } from "@/server/sweeps/prepare-sweeps";
import { platformAddress } from "@/server/wallets/platform-keys";
import { createDevnetInvoice, devnetRpc } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import type { PayoutBatchResponse, PayoutResponse } from "./payout.schema";
import { planPayouts } from "./plan-payouts";

// Payouts sent for real on the devnet by the worker's parts (chains, payouts, sweeps, sender), driven here one
// pass at a time: funds paid to deposit addresses are consolidated into the hot wallet, then paid out, with exact
// on-chain and ledger amounts and the reconciliation matched after each test.

const OWNER = "payouts-send-test";
const network = findNetwork("devnet") as Network;
const client: PublicClient = publicClientFor(network);
const USDC = network.assets.find((a) => a.symbol === "USDC")!.tokenAddress as Address;
let key: string;
let merchantId: string;

const usdcOf = (address: Address) =>
  client.readContract({ address: USDC, abi: erc20Abi, functionName: "balanceOf", args: [address] });

async function available(): Promise<bigint> {
  const b = (await getBalances(db(), { merchantId, livemode: false })).find(
    (x) => x.networkId === "devnet" && x.asset === "USDC",
  );
  return b?.available ?? 0n;
}

/** One pass of every worker part that moves money, then a block. */
async function pass(): Promise<void> {
  for (const part of ["chains", "payouts", "sweeps", "sender"] as const)
    await tick(db(), { owner: OWNER, parts: [part] });
  await mine("devnet", 1);
}

/** Passes until `done` (at most 40). */
async function drive(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await done()) return;
    await pass();
  }
  throw new Error("payouts did not settle in 40 passes");
}

async function fundMerchant(amount: string, units: bigint): Promise<void> {
  const invoice = await createDevnetInvoice(merchantId, { amount, currency: "USDC", network: "devnet" });
  await pay({ network: "devnet", asset: "USDC", to: invoice.address as Address, amount: units });
  await mine("devnet", 3);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
}

const freshAddress = () => privateKeyToAccount(generatePrivateKey()).address;

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  // Gas for the platform wallets: on a devnet the operator's top-ups are anvil_setBalance.
  for (const role of ["hot", "gas"] as const)
    await devnetRpc("devnet", "anvil_setBalance", [
      platformAddress(role, false),
      `0x${parseEther("100").toString(16)}`,
    ]);
  // What the worker does at start: check EIP-7702 and deploy the devnet sweeper.
  await prepareSweeps([network]);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
  await fundMerchant("300.00", 300_000_000n);
  await fundMerchant("300.00", 300_000_000n);
  expect(await available()).toBe(600_000_000n);
});

describe("payouts sent by the worker", () => {
  it("a single payout is consolidated into the hot wallet, sent once and confirmed, ledger posted", async () => {
    const to = freshAddress();
    const res = await createRoute(
      apiRequest("POST", "/api/v1/payouts", {
        key,
        body: { network: "devnet", asset: "USDC", amount: "5.25", address: to },
      }),
      params({}),
    );
    const created = (await res.json()) as PayoutResponse;
    expect([res.status, created.status]).toEqual([201, "queued"]);
    await drive(
      async () => (await db().payout.findUniqueOrThrow({ where: { id: created.id } })).status === "confirmed",
    );

    const payout = await db().payout.findUniqueOrThrow({ where: { id: created.id } });
    expect(await usdcOf(to)).toBe(5_250_000n);
    expect(payout.outgoingKey).toBe(`payout:${created.id}`);
    const requests = await db().outgoingTransaction.findMany({ where: { key: payout.outgoingKey! } });
    expect(requests.map((r) => [r.status, r.hash, r.purpose])).toEqual([["confirmed", payout.txHash, "payout"]]);
    const receipt = await client.getTransactionReceipt({ hash: payout.txHash as `0x${string}` });
    expect(receipt.status).toBe("success");
    expect(toBig(payout.networkFee)).toBe(receipt.gasUsed * receipt.effectiveGasPrice);
    const transfer = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${created.id}` } });
    expect([transfer.status, transfer.amount.toString()]).toEqual(["posted", "5250000"]);
    expect(await available()).toBe(594_750_000n);
    const events = await db().event.findMany({
      where: { merchantId, type: { startsWith: "payout." } },
      orderBy: { createdAt: "asc" },
      select: { type: true, data: true },
    });
    expect(
      events.filter((e) => (e.data as { object: { id: string } }).object.id === created.id).map((e) => e.type),
    ).toEqual(["payout.created", "payout.submitted", "payout.confirmed"]);
    await expectMatched(merchantId);
  });

  it("a 200-item token batch goes out in at most 2 transactions, every recipient paid exactly", async () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      address: freshAddress(),
      units: BigInt(i + 1) * 10_000n,
    }));
    const total = items.reduce((s, i) => s + i.units, 0n);
    expect(total).toBe(201_000_000n);
    const res = await createBatchRoute(
      apiRequest("POST", "/api/v1/payout_batches", {
        key,
        body: {
          network: "devnet",
          asset: "USDC",
          items: items.map((i, n) => ({
            address: i.address,
            amount: formatDecimal(i.units, 6),
            reference: `batch200-${n}`,
          })),
        },
      }),
      params({}),
    );
    const batch = (await res.json()) as PayoutBatchResponse;
    expect([res.status, batch.count, batch.total]).toEqual([201, 200, "201.00"]);
    const before = await available();
    await drive(async () => (await db().payout.count({ where: { batchId: batch.id, status: "confirmed" } })) === 200);

    for (const i of items) expect(await usdcOf(i.address)).toBe(i.units);
    const got = (await (
      await getBatchRoute(apiRequest("GET", `/api/v1/payout_batches/${batch.id}`, { key }), params({ id: batch.id }))
    ).json()) as PayoutBatchResponse;
    expect(got.status).toBe("completed");
    expect(got.tx_hashes.length).toBeGreaterThanOrEqual(1);
    expect(got.tx_hashes.length).toBeLessThanOrEqual(2);
    const requests = await db().outgoingTransaction.findMany({ where: { sourceId: batch.id } });
    expect(requests.length).toBe(got.tx_hashes.length);
    expect(requests.every((r) => r.purpose === "payout_batch" && r.status === "confirmed")).toBe(true);
    for (const hash of got.tx_hashes) {
      const receipt = await client.getTransactionReceipt({ hash: hash as `0x${string}` });
      expect(receipt.status).toBe("success");
      expect(receipt.gasUsed < 16_777_216n).toBe(true);
    }
    expect(
      await db().ledgerTransfer.count({ where: { sourceId: { in: await payoutIds(batch.id) }, status: "posted" } }),
    ).toBe(200);
    expect(await available()).toBe(before);
    await expectMatched(merchantId);
  });

  it("cancel races the worker: either cancelled and never sent, or sent and not cancellable", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 4; round++) {
      const to = freshAddress();
      const res = await createRoute(
        apiRequest("POST", "/api/v1/payouts", {
          key,
          body: { network: "devnet", asset: "USDC", amount: "1.00", address: to },
        }),
        params({}),
      );
      const created = (await res.json()) as PayoutResponse;
      const cancel = () =>
        cancelRoute(apiRequest("POST", `/api/v1/payouts/${created.id}/cancel`, { key }), params({ id: created.id }));
      // Round 0: cancel first; round 1: the worker first; then both at once.
      let status: number;
      if (round === 0) status = (await cancel()).status;
      else if (round === 1) {
        await planPayouts(db());
        status = (await cancel()).status;
      } else {
        const [r] = await Promise.all([cancel(), planPayouts(db())]);
        status = r.status;
      }
      await drive(async () => {
        const p = await db().payout.findUniqueOrThrow({ where: { id: created.id } });
        return p.status === "cancelled" || p.status === "confirmed";
      });
      for (let i = 0; i < 3; i++) await pass();
      const p = await db().payout.findUniqueOrThrow({ where: { id: created.id } });
      const requests = await db().outgoingTransaction.count({ where: { key: `payout:${created.id}` } });
      if (status === 200) {
        expect([p.status, p.outgoingKey, requests, await usdcOf(to)]).toEqual(["cancelled", null, 0, 0n]);
        const t = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${created.id}` } });
        expect(t.status).toBe("voided");
      } else {
        expect(status).toBe(409);
        expect([p.status, requests, await usdcOf(to)]).toEqual(["confirmed", 1, 1_000_000n]);
      }
      outcomes.push(status === 200 ? "cancelled" : "sent");
    }
    expect(outcomes.slice(0, 2)).toEqual(["cancelled", "sent"]);
    await expectMatched(merchantId);
  });
});

async function payoutIds(batchId: string): Promise<string[]> {
  return (await db().payout.findMany({ where: { batchId }, select: { id: true } })).map((p) => p.id);
}

function toBig(v: { toString(): string } | null): bigint | null {
  return v === null ? null : BigInt(v.toString());
}
