// A lane stuck at the network's fee cap: the operator's cancel (requestCancel, `payrail lanes cancel`) sends a
// zero-value self-transfer on the stuck nonce with fees past the cap; once mined, the request fails (its domain's
// `failed` handler runs) and its fee is posted. Real anvil (automine off, the stuck attempt dropped from the pool
// before each block so that only the cancel can be mined) and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEther, parseGwei, type Address, type Hex, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db, inTransaction } from "@/server/db";
import { AppError } from "@/server/errors";
import { randomBase62 } from "@/server/ids";
import { operatorAccount } from "@/server/ledger/chart-of-accounts";
import { checkLedgerInvariants } from "@/server/ledger/check-ledger-invariants";
import { signerForPath } from "@/server/wallets/platform-keys";
import { devnetRpc } from "@/test/chains";
import { enqueueTransaction } from "./enqueue-transaction";
import { laneSettings } from "./lane-settings";
import { requestCancel } from "./request-cancel";
import { runSender } from "./run-sender";
import { testSenderFeeAccount } from "./test-purpose-handlers";
import { registerTransactionHandlers } from "./transaction-handlers";

const NETWORK = "devnet-b" as const;
const network = findNetwork(NETWORK) as Network;
const client: PublicClient = publicClientFor(network);
const OWNER = "sender-cancel-test";
const FUNDS = parseEther("10");
const FEE_ACCOUNT = testSenderFeeAccount({ livemode: false, networkId: NETWORK, asset: "ETH" });
const calls = { confirmed: [] as string[], failed: [] as [string, string][] };

beforeAll(() => {
  registerTransactionHandlers("test", {
    async confirmed(_tx, t) {
      calls.confirmed.push(t.id);
    },
    async failed(_tx, t, reason) {
      calls.failed.push([t.id, reason]);
    },
    feeAccount: () => FEE_ACCOUNT,
  });
});

let baseFeeBefore: bigint | null = null;
afterAll(async () => {
  await devnetRpc(NETWORK, "evm_setAutomine", [true]);
  // Give the devnet its base fee back, for the files that run after this one.
  if (baseFeeBefore !== null) {
    await devnetRpc(NETWORK, "anvil_setNextBlockBaseFeePerGas", [`0x${baseFeeBefore.toString(16)}`]);
    await mine();
  }
  expect(await checkLedgerInvariants(db())).toEqual([]);
});

const pass = () => runSender(db(), { owner: OWNER, networks: [network] });
const mine = (blocks = 1) => devnetRpc(NETWORK, "anvil_mine", [`0x${blocks.toString(16)}`]);
const row = (id: string) =>
  db().outgoingTransaction.findUniqueOrThrow({ where: { id }, include: { attempts: { orderBy: { attempt: "asc" } } } });

/** Keep the request's own attempts out of every block: drop them from the pool (the sender offers them again). */
async function dropOriginals(id: string): Promise<void> {
  for (const a of (await row(id)).attempts.filter((x) => !x.cancel))
    await devnetRpc(NETWORK, "anvil_dropTransaction", [a.hash]);
}

describe("cancelling a transaction stuck at the fee cap", () => {
  it("refuses before the cap and N blocks; then the mined cancel fails the request once, with its fee posted", async () => {
    const keyPath = `m/44'/60'/${900_000 + Math.floor(Math.random() * 100_000)}'/0/${Math.floor(Math.random() * 1e6)}`;
    const sender = signerForPath(keyPath).address;
    await devnetRpc(NETWORK, "anvil_setBalance", [sender, `0x${FUNDS.toString(16)}`]);
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const settings = laneSettings(NETWORK);

    // A base fee over half the cap: the first signature's max fee (2 × base + tip) is cut to the cap, so no
    // replacement can raise it by the 10% a node requires.
    baseFeeBefore = (await client.getBlock({ blockTag: "latest" })).baseFeePerGas ?? 0n;
    await devnetRpc(NETWORK, "evm_setAutomine", [false]);
    await devnetRpc(NETWORK, "anvil_setNextBlockBaseFeePerGas", [`0x${parseGwei("600").toString(16)}`]);
    await mine();
    const { id } = await inTransaction(db(), (tx) =>
      enqueueTransaction(tx, {
        key: `test:${randomBase62(12)}`,
        networkId: NETWORK,
        livemode: false,
        from: { keyPath },
        purpose: "test",
        sourceId: `test_${randomBase62(8)}`,
        to,
        value: parseEther("1"),
        gasLimit: 21_000n,
      }),
    );
    await pass();
    const signed = await row(id);
    expect(signed.status).toBe("pending");
    expect(signed.attempts.map((a) => a.maxFeePerGas.toFixed(0))).toEqual([settings.maxFeePerGas.toString()]);
    const lane = signed.laneId;
    const cancelNow = () => requestCancel(db(), network, client, { laneId: lane });
    await dropOriginals(id);
    await expect(cancelNow()).rejects.toThrow(AppError);
    await expect(cancelNow()).rejects.toThrow(/not stuck at the fee cap/);

    // N blocks later it is still not mined, and the sender has no higher fee left to offer: stuck.
    await mine(settings.replaceAfterBlocks);
    await pass();
    await dropOriginals(id);
    expect((await row(id)).attempts).toHaveLength(1);
    const requested = await cancelNow();
    expect(requested).toMatchObject({ laneId: lane, outgoingTransactionId: id, nonce: 0n });
    await expect(cancelNow()).rejects.toThrow(/already requested/);

    // The worker signs the cancel on the same nonce: to itself, nothing sent, both fees +12.5%, past the cap.
    await pass();
    const withCancel = await row(id);
    expect(withCancel.attempts).toHaveLength(2);
    const cancel = withCancel.attempts[1]!;
    expect(cancel).toMatchObject({ cancel: true, nonce: 0n });
    expect(BigInt(cancel.maxFeePerGas.toFixed(0))).toBe((settings.maxFeePerGas * 9n + 7n) / 8n);
    const tx = await client.getTransaction({ hash: cancel.hash as Hex });
    expect({ to: tx.to?.toLowerCase(), value: tx.value, gas: tx.gas }).toEqual({
      to: sender.toLowerCase(),
      value: 0n,
      gas: 21_000n,
    });
    await dropOriginals(id);
    await mine();
    const receipt = await client.getTransactionReceipt({ hash: cancel.hash as Hex });
    expect(receipt.status).toBe("success");
    await mine(network.confirmations - 1);
    await pass();
    await pass();

    const done = await row(id);
    expect(done).toMatchObject({ status: "failed", failureReason: "cancelled", minedHash: cancel.hash });
    expect(calls.failed).toEqual([[id, "cancelled"]]);
    expect(calls.confirmed).toEqual([]);
    const fee = receipt.gasUsed * receipt.effectiveGasPrice;
    expect(await client.getBalance({ address: to })).toBe(0n);
    expect(await client.getBalance({ address: sender as Address })).toBe(FUNDS - fee);
    expect(BigInt(await client.getTransactionCount({ address: sender }))).toBe(1n);
    const posting = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `network_fee:${id}` } });
    expect([posting.debitAccountId, posting.creditAccountId, posting.amount.toFixed(0), posting.txHash]).toEqual([
      operatorAccount("network_fees", { livemode: false, networkId: NETWORK, asset: "ETH" }).id,
      FEE_ACCOUNT.id,
      fee.toString(),
      cancel.hash,
    ]);
    // The lane goes on: its next request takes the next nonce.
    expect((await db().txLane.findUniqueOrThrow({ where: { id: lane } })).nextNonce).toBe(1n);
  }, 120_000);
});
