// The worker killed for real (SIGKILL, from PAYRAIL_TEST_CRASH_AT) between storing a signed transaction and
// broadcasting it, and between broadcasting it and recording that: a restarted worker sends the stored bytes
// (or finds them mined) and exactly one transaction reaches the chain, confirmed once, its fee posted once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseEther, type Address, type Hex, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { devnetRpc } from "@/test/chains";
import { exitOf, pollUntil, workerProcesses } from "@/test/worker-process";
import { db, inTransaction } from "@/server/db";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { operatorAccount } from "@/server/ledger/chart-of-accounts";
import { checkLedgerInvariants } from "@/server/ledger/check-ledger-invariants";
import { randomBase62 } from "@/server/ids";
import { signerForPath } from "@/server/wallets/platform-keys";
import { enqueueTransaction } from "./enqueue-transaction";
import { testSenderFeeAccount } from "./test-purpose-handlers";

const NETWORK = "devnet-b" as const;
const network = findNetwork(NETWORK) as Network;
const client: PublicClient = publicClientFor(network);
const FUNDS = parseEther("10");
const VALUE = parseEther("0.5");
const scope = { livemode: false, networkId: NETWORK, asset: "ETH" };
// Fast polls so the test does not wait for the worker; quiet logs except warnings (kept for failure messages).
const WORKER_ENV = { WORKER_POLL_MS: "100", LOG_LEVEL: "warn" };

// The worker sends from every lane with work: lanes other test files left with queued or pending transactions are
// paused (frozen) meanwhile, so that the crash point is reached on this file's own transaction.
let paused: string[] = [];
beforeAll(async () => {
  const busy = await db().txLane.findMany({
    where: { frozenAt: null, transactions: { some: { status: { in: ["queued", "pending"] } } } },
    select: { id: true },
  });
  paused = busy.map((l) => l.id);
  await db().txLane.updateMany({
    where: { id: { in: paused } },
    data: { frozenAt: new Date(), frozenReason: "paused by sender-crash.integration.test.ts" },
  });
});
afterAll(async () => {
  await db().txLane.updateMany({ where: { id: { in: paused } }, data: { frozenAt: null, frozenReason: null } });
});

/** A key of its own for one test (a deposit-style path on an HD account no merchant gets in tests). */
function ownKeyPath(): string {
  return `m/44'/60'/${900_000 + Math.floor(Math.random() * 100_000)}'/0/${Math.floor(Math.random() * 1_000_000)}`;
}

const workers = workerProcesses(WORKER_ENV);
afterEach(() => workers.stopAll());
const worker = (env: Record<string, string> = {}) => workers.start(env);
const mineOne = () => devnetRpc(NETWORK, "anvil_mine", ["0x1"]);

/** Restart the worker and let it finish the transaction: submitted (it starts up first), then confirmed. */
async function restartUntilConfirmed(id: string): Promise<void> {
  const restarted = worker();
  await pollUntil(async () => (await row(id)).submittedAt !== null, restarted);
  await pollUntil(async () => (await row(id)).status === "confirmed", restarted, { between: mineOne, tries: 100 });
  await restarted.stop();
}

const row = (id: string) =>
  db().outgoingTransaction.findUniqueOrThrow({ where: { id }, include: { attempts: true, lane: true } });
const nonceOf = async (address: Address) => BigInt(await client.getTransactionCount({ address, blockTag: "latest" }));

async function enqueueTransfer(keyPath: string) {
  const to = privateKeyToAccount(generatePrivateKey()).address;
  const { id } = await inTransaction(db(), (tx) =>
    enqueueTransaction(tx, {
      key: `test:${randomBase62(12)}`,
      networkId: NETWORK,
      livemode: false,
      from: { keyPath },
      purpose: "test",
      sourceId: `test_${randomBase62(8)}`,
      to,
      value: VALUE,
      gasLimit: 21_000n,
    }),
  );
  return { id, to };
}

// The killed worker's lane lease runs out by itself (30 s); end it now rather than wait.
async function expireLease(laneId: string): Promise<void> {
  await db().txLane.update({ where: { id: laneId }, data: { leaseUntil: new Date(Date.now() - 1_000) } });
}

/** After the restart: one transaction from the sender on chain, confirmed once, its fee posted once. */
async function expectSentOnce(id: string, sender: Address, to: Address, balanceBefore: bigint, nonceBefore: bigint) {
  const done = await row(id);
  expect(done).toMatchObject({ status: "confirmed", nonce: nonceBefore, receiptStatus: "success" });
  expect(done.attempts).toHaveLength(1);
  expect(done.submittedAt).not.toBeNull();
  const receipt = await client.getTransactionReceipt({ hash: done.hash as Hex });
  const fee = receipt.gasUsed * receipt.effectiveGasPrice;
  expect(await nonceOf(sender)).toBe(nonceBefore + 1n);
  expect(await client.getBalance({ address: to })).toBe(VALUE);
  expect(await client.getBalance({ address: sender })).toBe(balanceBefore - VALUE - fee);
  const posting = await db().ledgerTransfer.findMany({ where: { key: { startsWith: `network_fee:${id}` } } });
  expect(posting.map((t) => [t.debitAccountId, t.creditAccountId, t.amount.toFixed(0), t.txHash])).toEqual([
    [operatorAccount("network_fees", scope).id, testSenderFeeAccount(scope).id, fee.toString(), done.hash],
  ]);
  expect(await checkLedgerInvariants(db())).toEqual([]);
}

describe("sender crash safety (real worker processes, SIGKILL)", () => {
  it("killed after the commit, before the broadcast: the restarted worker sends the stored transaction, once", async () => {
    const keyPath = ownKeyPath();
    const sender = signerForPath(keyPath).address;
    await devnetRpc(NETWORK, "anvil_setBalance", [sender, `0x${FUNDS.toString(16)}`]);
    const nonceBefore = await nonceOf(sender);
    const { id, to } = await enqueueTransfer(keyPath);

    expect(await exitOf(worker({ PAYRAIL_TEST_CRASH_AT: "after_commit" }))).toEqual({ code: null, signal: "SIGKILL" });
    const stored = await row(id);
    expect(stored).toMatchObject({ status: "pending", nonce: nonceBefore, submittedAt: null });
    expect(stored.attempts).toHaveLength(1);
    // Stored and committed, never broadcast: the chain has not seen it (automine would have mined it).
    expect(await nonceOf(sender)).toBe(nonceBefore);
    expect(await client.getBalance({ address: to })).toBe(0n);

    await expireLease(stored.laneId);
    await restartUntilConfirmed(id);
    await expectSentOnce(id, sender, to, FUNDS, nonceBefore);
  }, 300_000);

  it("killed after the broadcast, before recording it: the restarted worker finds it mined and confirms it, once", async () => {
    const keyPath = ownKeyPath();
    const sender = signerForPath(keyPath).address;
    await devnetRpc(NETWORK, "anvil_setBalance", [sender, `0x${FUNDS.toString(16)}`]);
    const nonceBefore = await nonceOf(sender);
    const { id, to } = await enqueueTransfer(keyPath);

    expect(await exitOf(worker({ PAYRAIL_TEST_CRASH_AT: "after_broadcast" }))).toEqual({
      code: null,
      signal: "SIGKILL",
    });
    const stored = await row(id);
    expect(stored).toMatchObject({ status: "pending", nonce: nonceBefore, submittedAt: null });
    // Broadcast (and automined) before the kill: on chain already, not yet in the database.
    expect(await nonceOf(sender)).toBe(nonceBefore + 1n);
    expect(await client.getBalance({ address: to })).toBe(VALUE);

    await expireLease(stored.laneId);
    await restartUntilConfirmed(id);
    await expectSentOnce(id, sender, to, FUNDS, nonceBefore);
  }, 300_000);
});
