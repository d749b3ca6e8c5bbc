// Payouts with the worker killed for real (SIGKILL at PAYRAIL_TEST_CRASH_AT) after the signed transaction is
// committed and after it is broadcast: the restarted worker finishes the same transaction, and each recipient
// receives its payout exactly once on chain; the ledger posts each reservation once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, parseEther, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { POST as createRoute } from "@/app/api/v1/payouts/route";
import { POST as createBatchRoute } from "@/app/api/v1/payout_batches/route";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { checkLedgerInvariants } from "@/server/ledger/check-ledger-invariants";
import { prepareSweeps } from "@/server/sweeps/prepare-sweeps";
import { platformAddress } from "@/server/wallets/platform-keys";
import { createDevnetInvoice, devnetRpc } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { exitOf, pollUntil, workerProcesses } from "@/test/worker-process";
import type { PayoutBatchResponse, PayoutResponse } from "./payout.schema";

const OWNER = "payouts-crash-test";
const network = findNetwork("devnet") as Network;
const client: PublicClient = publicClientFor(network);
const USDC = network.assets.find((a) => a.symbol === "USDC")!.tokenAddress as Address;
const WORKER_ENV = { WORKER_POLL_MS: "100", LOG_LEVEL: "warn" };
let key: string;
let merchantId: string;

const usdcOf = (address: Address) =>
  client.readContract({ address: USDC, abi: erc20Abi, functionName: "balanceOf", args: [address] });
const freshAddress = () => privateKeyToAccount(generatePrivateKey()).address;

const workers = workerProcesses(WORKER_ENV);
afterEach(() => workers.stopAll());
const worker = (env: Record<string, string> = {}) => workers.start(env);

/** In-process passes of the money-moving parts until `done` (the setup's consolidation). */
async function drive(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await done()) return;
    for (const part of ["chains", "payouts", "sweeps", "sender"] as const)
      await tick(db(), { owner: OWNER, parts: [part] });
    await mine("devnet", 1);
  }
  throw new Error("did not settle in 40 passes");
}

async function createPayout(to: Address, amount: string): Promise<PayoutResponse> {
  const res = await createRoute(
    apiRequest("POST", "/api/v1/payouts", { key, body: { network: "devnet", asset: "USDC", amount, address: to } }),
    params({}),
  );
  expect(res.status).toBe(201);
  return res.json();
}

// Other files' lanes with work are paused meanwhile, so that the crash point is reached on this file's payouts.
let paused: string[] = [];
beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  for (const role of ["hot", "gas"] as const)
    await devnetRpc("devnet", "anvil_setBalance", [
      platformAddress(role, false),
      `0x${parseEther("100").toString(16)}`,
    ]);
  await prepareSweeps([network]);
  const invoice = await createDevnetInvoice(merchantId, { amount: "200.00", currency: "USDC", network: "devnet" });
  await pay({ network: "devnet", asset: "USDC", to: invoice.address as Address, amount: 200_000_000n });
  await mine("devnet", 3);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
  // A first payout in-process consolidates the whole deposit into the hot wallet: later ones need no sweep.
  const first = await createPayout(freshAddress(), "1.00");
  await drive(async () => (await db().payout.findUniqueOrThrow({ where: { id: first.id } })).status === "confirmed");
  const busy = await db().txLane.findMany({
    where: { frozenAt: null, transactions: { some: { status: { in: ["queued", "pending"] } } } },
    select: { id: true },
  });
  paused = busy.map((l) => l.id);
  await db().txLane.updateMany({
    where: { id: { in: paused } },
    data: { frozenAt: new Date(), frozenReason: "paused by payouts-crash.integration.test.ts" },
  });
}, 300_000);
afterAll(async () => {
  await db().txLane.updateMany({ where: { id: { in: paused } }, data: { frozenAt: null, frozenReason: null } });
});

/** The killed worker's lane lease runs out by itself; end it now rather than wait. */
async function expireLeases(): Promise<void> {
  await db().txLane.updateMany({
    data: { leaseUntil: new Date(Date.now() - 1_000) },
    where: { leaseOwner: { not: null } },
  });
}

describe("payouts survive a killed worker (real processes, SIGKILL)", () => {
  for (const [crashAt, kind] of [
    ["after_commit", "single"],
    ["after_broadcast", "batch"],
  ] as const) {
    it(`killed ${crashAt.replace("_", " ")} (${kind}): one transfer on chain per payout, posted once`, async () => {
      const recipients = Array.from({ length: kind === "single" ? 1 : 20 }, (_, i) => ({
        address: freshAddress(),
        units: BigInt(i + 1) * 100_000n,
      }));
      let ids: string[];
      if (kind === "single") ids = [(await createPayout(recipients[0]!.address, "0.10")).id];
      else {
        const res = await createBatchRoute(
          apiRequest("POST", "/api/v1/payout_batches", {
            key,
            body: {
              network: "devnet",
              asset: "USDC",
              items: recipients.map((r) => ({
                address: r.address,
                amount: `${r.units / 1_000_000n}.${(r.units % 1_000_000n).toString().padStart(6, "0")}`,
              })),
            },
          }),
          params({}),
        );
        const batch = (await res.json()) as PayoutBatchResponse;
        ids = (await db().payout.findMany({ where: { batchId: batch.id }, select: { id: true } })).map((p) => p.id);
      }

      expect(await exitOf(worker({ PAYRAIL_TEST_CRASH_AT: crashAt }), 120_000)).toEqual({
        code: null,
        signal: "SIGKILL",
      });
      const handed = await db().payout.findMany({ where: { id: { in: ids } } });
      const keys = [...new Set(handed.map((p) => p.outgoingKey))];
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toBeNull();

      await expireLeases();
      const restarted = worker();
      await pollUntil(
        async () => (await db().payout.count({ where: { id: { in: ids }, status: "confirmed" } })) === ids.length,
        restarted,
        { between: () => devnetRpc("devnet", "anvil_mine", ["0x1"]), tries: 300 },
      );
      await restarted.stop();

      for (const r of recipients) expect(await usdcOf(r.address)).toBe(r.units);
      const requests = await db().outgoingTransaction.findMany({
        where: { key: keys[0]! },
        include: { attempts: true },
      });
      expect(requests.map((r) => [r.status, r.receiptStatus, r.attempts.length])).toEqual([
        ["confirmed", "success", 1],
      ]);
      const transfers = await db().ledgerTransfer.findMany({ where: { key: { in: ids.map((id) => `payout:${id}`) } } });
      expect(transfers.map((t) => t.status)).toEqual(ids.map(() => "posted"));
      expect(await checkLedgerInvariants(db(), { merchantId })).toEqual([]);
    }, 300_000);
  }
});
