// The sender against a real anvil devnet and PostgreSQL: a value transfer confirmed once with its fee in the
// ledger, one row for 20 concurrent requests with one key, a transaction priced under the base fee replaced on
// the same nonce, a reorg that drops a mined transaction, and a foreign transaction that freezes the lane. Each
// test sends from its own key (its own lane), so what one leaves behind never reaches another.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEther, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { devnetRpc } from "@/test/chains";
import { db, inTransaction } from "@/server/db";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { operatorAccount } from "@/server/ledger/chart-of-accounts";
import { checkLedgerInvariants } from "@/server/ledger/check-ledger-invariants";
import { logger } from "@/server/logger";
import { randomBase62 } from "@/server/ids";
import { platformKeyPath, signerForPath } from "@/server/wallets/platform-keys";
import { enqueueTransaction, type TransactionRequest } from "./enqueue-transaction";
import { LANE_FROZEN_ALERT } from "./freeze-lane";
import type { OutgoingTransactionView } from "./outgoing-transaction-view";
import { runSender } from "./run-sender";
import { testSenderFeeAccount } from "./test-purpose-handlers";
import { unfreezeLane } from "./unfreeze-lane";
import { listLanes } from "./list-lanes";
import { registerTransactionHandlers, type ConfirmedReceipt } from "./transaction-handlers";

const NETWORK = "devnet-b" as const;
const network = findNetwork(NETWORK) as Network;
const client: PublicClient = publicClientFor(network);
const OWNER = "sender-test";
const FUNDS = parseEther("10");
const scope = { livemode: false, networkId: NETWORK, asset: "ETH" };
// Senders other than the platform wallets (deposit-style keys, one per test) charge their gas here.
const TEST_FEE_ACCOUNT = testSenderFeeAccount(scope);

const calls: {
  submitted: string[];
  confirmed: (OutgoingTransactionView & { receipt: ConfirmedReceipt })[];
  failed: [string, string][];
} = { submitted: [], confirmed: [], failed: [] };

beforeAll(() => {
  registerTransactionHandlers("test", {
    async submitted(_tx, t) {
      calls.submitted.push(t.id);
    },
    async confirmed(_tx, t) {
      calls.confirmed.push(t);
    },
    async failed(_tx, t, reason) {
      calls.failed.push([t.id, reason]);
    },
    feeAccount: () => TEST_FEE_ACCOUNT,
  });
});

afterEach(async () => {
  await devnetRpc(NETWORK, "evm_setAutomine", [true]);
});

afterAll(async () => {
  expect(await checkLedgerInvariants(db())).toEqual([]);
});

/** A key path of its own for one test: a deposit-style path on an HD account no merchant gets in tests. */
function ownKeyPath(): string {
  return `m/44'/60'/${900_000 + Math.floor(Math.random() * 100_000)}'/0/${Math.floor(Math.random() * 1_000_000)}`;
}

async function fund(address: Address, wei = FUNDS): Promise<void> {
  await devnetRpc(NETWORK, "anvil_setBalance", [address, `0x${wei.toString(16)}`]);
}

function request(keyPath: string, overrides: Partial<TransactionRequest> = {}): TransactionRequest {
  return {
    key: `test:${randomBase62(12)}`,
    networkId: NETWORK,
    livemode: false,
    from: { keyPath },
    purpose: "test",
    sourceId: `test_${randomBase62(8)}`,
    to: privateKeyToAccount(generatePrivateKey()).address,
    value: parseEther("0.25"),
    gasLimit: 21_000n,
    ...overrides,
  };
}

// Twenty at once queue for the pool's connections (and for each other's row locks): give them time to start.
async function enqueue(req: TransactionRequest) {
  return inTransaction(db(), (tx) => enqueueTransaction(tx, req), { maxWait: 30_000, timeout: 30_000 });
}

const pass = () => runSender(db(), { owner: OWNER, networks: [network] });
const mine = (blocks = 1) => devnetRpc(NETWORK, "anvil_mine", [`0x${blocks.toString(16)}`]);
const nonceOf = async (address: Address) => BigInt(await client.getTransactionCount({ address, blockTag: "latest" }));
const row = (id: string) =>
  db().outgoingTransaction.findUniqueOrThrow({ where: { id }, include: { attempts: { orderBy: { attempt: "asc" } } } });
const receiptOrNull = (hash: Hex) => client.getTransactionReceipt({ hash }).catch(() => null);

/** The ledger's fee posting of a transaction, as [debit, credit, amount, tx hash]. */
async function feePosting(id: string) {
  const t = await db().ledgerTransfer.findUnique({ where: { key: `network_fee:${id}` } });
  return t && [t.debitAccountId, t.creditAccountId, t.amount.toFixed(0), t.txHash, t.type, t.status];
}

describe("sender", () => {
  it("signs, sends and confirms a value transfer once, and posts its fee to the gas wallet's account", async () => {
    const keyPath = platformKeyPath("gas", false);
    const sender = signerForPath(keyPath).address;
    await fund(sender);
    const nonceBefore = await nonceOf(sender);
    const req = request(keyPath);
    const { id, created } = await enqueue(req);
    expect(created).toBe(true);

    expect(await pass()).toMatchObject({ signed: 1, confirmed: 0, errors: 0 });
    const sent = await row(id);
    expect(sent).toMatchObject({ status: "pending", nonce: nonceBefore });
    expect(sent.submittedAt).not.toBeNull();
    expect(sent.attempts).toHaveLength(1);
    expect(calls.submitted).toEqual([id]);
    // Automine: mined at once, but not confirmed before the network's 3 confirmations.
    const receipt = await client.getTransactionReceipt({ hash: sent.hash as Hex });
    expect(await pass()).toMatchObject({ signed: 0, confirmed: 0 });
    await mine(2);
    expect(await pass()).toMatchObject({ signed: 0, confirmed: 1 });
    expect(await pass()).toMatchObject({ signed: 0, confirmed: 0 });
    expect(calls.confirmed.filter((c) => c.id === id)).toHaveLength(1);

    const fee = receipt.gasUsed * receipt.effectiveGasPrice;
    const done = await row(id);
    expect(done).toMatchObject({
      status: "confirmed",
      hash: sent.hash,
      receiptStatus: "success",
      minedBlockNumber: receipt.blockNumber,
    });
    expect(
      calls.confirmed
        .filter((c) => c.id === id)
        .map((c) => [c.receipt.status, c.receipt.transactionHash, c.from, c.nonce]),
    ).toEqual([["success", sent.hash, sender.toLowerCase(), nonceBefore]]);
    expect(await nonceOf(sender)).toBe(nonceBefore + 1n);
    expect(await client.getBalance({ address: req.to })).toBe(parseEther("0.25"));
    expect(await client.getBalance({ address: sender })).toBe(FUNDS - parseEther("0.25") - fee);
    expect(await feePosting(id)).toEqual([
      operatorAccount("network_fees", scope).id,
      operatorAccount("gas_wallet", scope).id,
      fee.toString(),
      sent.hash,
      "adjustment",
      "posted",
    ]);
  });

  it("signs EIP-7702 transactions: other keys' authorizations, and its own self-delegation on nonce + 1", async () => {
    const keyPath = ownKeyPath();
    const sender = signerForPath(keyPath).address;
    await fund(sender);
    const depositKey = signerForPath(ownKeyPath());
    // Any address will do as a delegate: the test looks at the delegation designators, not at calls through them.
    const delegate: Address = "0x00000000000000000000000000000000000de1e9";
    const authorization = await depositKey.signAuthorization!({
      address: delegate,
      chainId: network.chainId,
      nonce: 0,
    });
    const req = request(keyPath, {
      value: 0n,
      gasLimit: 120_000n,
      authorizationList: [authorization],
      selfDelegateTo: delegate,
    });
    const { id } = await enqueue(req);
    await pass();
    await mine(2);
    await pass();
    const done = await row(id);
    expect(done).toMatchObject({ status: "confirmed", nonce: 0n, receiptStatus: "success" });
    const tx = await client.getTransaction({ hash: done.hash as Hex });
    expect(tx.type).toBe("eip7702");
    expect(tx.authorizationList?.map((a) => [a.address.toLowerCase(), a.nonce])).toEqual([
      [delegate.toLowerCase(), 0],
      [delegate.toLowerCase(), 1],
    ]);
    const delegated = `0xef0100${delegate.slice(2).toLowerCase()}`;
    expect((await client.getCode({ address: sender }))?.toLowerCase()).toBe(delegated);
    expect((await client.getCode({ address: depositKey.address }))?.toLowerCase()).toBe(delegated);
    // The self-authorization used nonce 1: the lane goes on at 2.
    expect(await nonceOf(sender)).toBe(2n);
    const next = await enqueue(request(keyPath));
    await pass();
    await mine(2);
    await pass();
    expect(await row(next.id)).toMatchObject({ status: "confirmed", nonce: 2n });
    expect(await nonceOf(sender)).toBe(3n);
  });

  it("keeps one row for 20 concurrent requests with one key, and sends it once", async () => {
    const keyPath = ownKeyPath();
    const sender = signerForPath(keyPath).address;
    await fund(sender);
    const req = request(keyPath);
    const results = await Promise.all(Array.from({ length: 20 }, () => enqueue(req)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await db().outgoingTransaction.count({ where: { key: req.key } })).toBe(1);
    expect(await db().txLane.count({ where: { networkId: NETWORK, keyPath } })).toBe(1);

    await pass();
    await mine(2);
    await pass();
    const id = results[0]!.id;
    const done = await row(id);
    expect(done.status).toBe("confirmed");
    const receipt = await client.getTransactionReceipt({ hash: done.hash as Hex });
    expect(await nonceOf(sender)).toBe(1n);
    expect(await client.getBalance({ address: sender })).toBe(
      FUNDS - parseEther("0.25") - receipt.gasUsed * receipt.effectiveGasPrice,
    );
    expect(await feePosting(id)).toEqual([
      operatorAccount("network_fees", scope).id,
      TEST_FEE_ACCOUNT.id,
      (receipt.gasUsed * receipt.effectiveGasPrice).toString(),
      done.hash,
      "adjustment",
      "posted",
    ]);
  });

  it("replaces a transaction priced under the base fee on the same nonce; only the replacement is mined", async () => {
    const keyPath = ownKeyPath();
    const sender = signerForPath(keyPath).address;
    await fund(sender);
    await devnetRpc(NETWORK, "evm_setAutomine", [false]);
    const req = request(keyPath);
    const { id } = await enqueue(req);
    expect(await pass()).toMatchObject({ signed: 1 });
    const first = (await row(id)).attempts[0]!;
    const maxFee0 = BigInt(first.maxFeePerGas.toFixed());
    // Blocks whose base fee is above what the first attempt pays: it cannot be included.
    const expensiveBlock = async () => {
      await devnetRpc(NETWORK, "anvil_setNextBlockBaseFeePerGas", [`0x${(maxFee0 + 1n).toString(16)}`]);
      await devnetRpc(NETWORK, "evm_mine", []);
    };
    await expensiveBlock();
    await expensiveBlock();
    expect(await pass()).toMatchObject({ signed: 0 });
    expect((await row(id)).attempts).toHaveLength(1); // 2 blocks: not yet
    await expensiveBlock();
    await pass(); // 3 blocks after signing: replaced
    const replaced = await row(id);
    expect(replaced.attempts.map((a) => [a.attempt, a.nonce])).toEqual([
      [0, first.nonce],
      [1, first.nonce],
    ]);
    const second = replaced.attempts[1]!;
    expect(BigInt(second.maxFeePerGas.toFixed())).toBeGreaterThanOrEqual((maxFee0 * 9n + 7n) / 8n);
    expect(BigInt(second.maxPriorityFeePerGas.toFixed())).toBeGreaterThanOrEqual(
      (BigInt(first.maxPriorityFeePerGas.toFixed()) * 9n + 7n) / 8n,
    );
    expect(replaced.hash).toBe(second.hash);

    await expensiveBlock(); // the replacement pays enough
    await devnetRpc(NETWORK, "evm_setAutomine", [true]);
    await mine(2);
    await pass();
    const done = await row(id);
    expect(done).toMatchObject({ status: "confirmed", hash: second.hash, minedHash: second.hash });
    expect(await receiptOrNull(first.hash as Hex)).toBeNull();
    const receipt = await client.getTransactionReceipt({ hash: second.hash as Hex });
    const fee = receipt.gasUsed * receipt.effectiveGasPrice;
    expect(await nonceOf(sender)).toBe(1n);
    expect(await client.getBalance({ address: req.to })).toBe(parseEther("0.25"));
    expect(await client.getBalance({ address: sender })).toBe(FUNDS - parseEther("0.25") - fee);
    expect(await feePosting(id)).toEqual([
      operatorAccount("network_fees", scope).id,
      TEST_FEE_ACCOUNT.id,
      fee.toString(),
      second.hash,
      "adjustment",
      "posted",
    ]);
    expect(calls.confirmed.filter((c) => c.id === id).map((c) => c.receipt.transactionHash)).toEqual([second.hash]);
  });

  it("sends a transaction again when a reorg drops the block it was mined in; it is mined and confirmed once", async () => {
    const keyPath = ownKeyPath();
    const sender = signerForPath(keyPath).address;
    await fund(sender);
    const req = request(keyPath);
    const { id } = await enqueue(req);
    await pass();
    const sent = await row(id);
    const minedIn = await client.getTransactionReceipt({ hash: sent.hash as Hex });
    await pass(); // records where it was mined (1 confirmation of 3)
    expect(await row(id)).toMatchObject({
      status: "pending",
      minedBlockNumber: minedIn.blockNumber,
      minedBlockHash: minedIn.blockHash,
    });

    // Replace the last block by an empty one: the transaction is no longer on the chain, nor in the pool.
    await devnetRpc(NETWORK, "anvil_reorg", [1, []]);
    expect(await receiptOrNull(sent.hash as Hex)).toBeNull();
    expect(await nonceOf(sender)).toBe(0n);

    await pass(); // sees it gone: sends the stored bytes again (automine mines them)
    const again = await client.getTransactionReceipt({ hash: sent.hash as Hex });
    expect(again.blockHash).not.toBe(minedIn.blockHash);
    await mine(2);
    await pass();
    const done = await row(id);
    expect(done).toMatchObject({
      status: "confirmed",
      hash: sent.hash,
      minedBlockHash: again.blockHash,
      minedBlockNumber: again.blockNumber,
    });
    expect(done.attempts).toHaveLength(1);
    const fee = again.gasUsed * again.effectiveGasPrice;
    expect(await nonceOf(sender)).toBe(1n);
    expect(await client.getBalance({ address: req.to })).toBe(parseEther("0.25"));
    expect(await client.getBalance({ address: sender })).toBe(FUNDS - parseEther("0.25") - fee);
    expect(await feePosting(id)).toEqual([
      operatorAccount("network_fees", scope).id,
      TEST_FEE_ACCOUNT.id,
      fee.toString(),
      sent.hash,
      "adjustment",
      "posted",
    ]);
    expect(calls.confirmed.filter((c) => c.id === id)).toHaveLength(1);
  });

  it("freezes the lane when a transaction it never signed takes its nonce, sends nothing more from it, still confirms what it sent before", async () => {
    const keyPath = ownKeyPath();
    const signer = signerForPath(keyPath);
    await fund(signer.address);
    // A first transaction, mined (automine) and waiting for its confirmations when the lane freezes.
    const before = await enqueue(request(keyPath));
    await pass();
    expect(await row(before.id)).toMatchObject({ status: "pending", nonce: 0n });

    await devnetRpc(NETWORK, "evm_setAutomine", [false]);
    const { id } = await enqueue(request(keyPath));
    await pass(); // signed, broadcast, waiting in the pool
    const ours = await row(id);
    expect(ours.nonce).toBe(1n);

    // Someone holding the same key sends on nonce 1 with higher fees: the node takes theirs instead of ours.
    const foreignTo = privateKeyToAccount(generatePrivateKey()).address;
    const foreign = await signer.signTransaction({
      chainId: network.chainId,
      type: "eip1559",
      nonce: 1,
      to: foreignTo,
      value: 1n,
      gas: 21_000n,
      maxFeePerGas: BigInt(ours.attempts[0]!.maxFeePerGas.toFixed()) * 3n,
      maxPriorityFeePerGas: BigInt(ours.attempts[0]!.maxPriorityFeePerGas.toFixed()) * 3n,
    });
    const foreignHash = await client.sendRawTransaction({ serializedTransaction: foreign });
    await devnetRpc(NETWORK, "evm_mine", []);
    await devnetRpc(NETWORK, "evm_setAutomine", [true]);

    const alert = vi.spyOn(logger(), "error");
    expect(await pass()).toMatchObject({ frozen: 1, signed: 0, confirmed: 0 });
    const lane = await db().txLane.findUniqueOrThrow({ where: { networkId_keyPath: { networkId: NETWORK, keyPath } } });
    expect(lane.frozenAt).not.toBeNull();
    expect(lane.frozenReason).toBe(
      `nonce 1 was used by a transaction Payrail did not sign (chain nonce 2, waiting: ${id})`,
    );
    expect(alert).toHaveBeenCalledWith(
      { lane: lane.id, network: NETWORK, address: signer.address.toLowerCase(), reason: lane.frozenReason },
      LANE_FROZEN_ALERT,
    );
    alert.mockRestore();

    // A later request on the lane stays queued: nothing is signed or sent from a frozen lane; the first
    // transaction still gets its confirmation (and its fee posted).
    const later = await enqueue(request(keyPath));
    expect(await pass()).toMatchObject({ signed: 0, frozen: 0 });
    await mine(3);
    expect(await pass()).toMatchObject({ signed: 0, confirmed: 1, frozen: 0 });
    const first = await row(before.id);
    expect(first).toMatchObject({ status: "confirmed", nonce: 0n });
    const firstReceipt = await client.getTransactionReceipt({ hash: first.hash as Hex });
    const firstFee = firstReceipt.gasUsed * firstReceipt.effectiveGasPrice;
    expect(await feePosting(before.id)).toEqual([
      operatorAccount("network_fees", scope).id,
      TEST_FEE_ACCOUNT.id,
      firstFee.toString(),
      first.hash,
      "adjustment",
      "posted",
    ]);
    expect(await row(id)).toMatchObject({ status: "pending", nonce: 1n, submittedAt: ours.submittedAt });
    expect(await row(later.id)).toMatchObject({ status: "queued", nonce: null });
    expect(await receiptOrNull(ours.hash as Hex)).toBeNull();
    const foreignReceipt = await client.getTransactionReceipt({ hash: foreignHash });
    const foreignFee = foreignReceipt.gasUsed * foreignReceipt.effectiveGasPrice;
    expect(foreignReceipt.status).toBe("success");
    expect(await nonceOf(signer.address)).toBe(2n);
    expect(await client.getBalance({ address: foreignTo })).toBe(1n);
    expect(await feePosting(id)).toBeNull();
    expect(calls.confirmed.filter((c) => c.id === id)).toEqual([]);
    expect((await listLanes(db(), { frozenOnly: true })).find((l) => l.id === lane.id)).toMatchObject({
      address: signer.address.toLowerCase(),
      nextNonce: 2n,
      queued: 1,
      pending: 1,
    });

    // The operator unfreezes it: the request whose nonce was taken fails (never sent again on a new nonce), the
    // later one goes out on the next free nonce.
    expect(await unfreezeLane(db(), network, client, { laneId: lane.id })).toEqual({
      laneId: lane.id,
      failed: [id],
      nextNonce: 2n,
    });
    expect(await row(id)).toMatchObject({ status: "failed", failureReason: "nonce_taken_by_foreign_transaction" });
    expect(calls.failed).toEqual([[id, "nonce_taken_by_foreign_transaction"]]);
    await pass();
    await mine(2);
    await pass();
    const sentLater = await row(later.id);
    expect(sentLater).toMatchObject({ status: "confirmed", nonce: 2n });
    const receipt = await client.getTransactionReceipt({ hash: sentLater.hash as Hex });
    expect(await nonceOf(signer.address)).toBe(3n);
    expect(await client.getBalance({ address: signer.address })).toBe(
      FUNDS - 2n * parseEther("0.25") - firstFee - 1n - foreignFee - receipt.gasUsed * receipt.effectiveGasPrice,
    );
  });

  it("refuses to unfreeze a lane that is not frozen", async () => {
    const keyPath = ownKeyPath();
    await enqueue(request(keyPath));
    const lane = await db().txLane.findUniqueOrThrow({ where: { networkId_keyPath: { networkId: NETWORK, keyPath } } });
    await expect(unfreezeLane(db(), network, client, { laneId: lane.id })).rejects.toMatchObject({ code: "conflict" });
    await expect(unfreezeLane(db(), network, client, { laneId: "lane_missing" })).rejects.toMatchObject({
      code: "not_found",
    });
    await db().outgoingTransaction.deleteMany({ where: { laneId: lane.id } }); // unfunded: keep it out of later passes
  });
});
