// The sender's backoff on a transaction the node refuses (its sender has no ETH), against a real anvil devnet and
// PostgreSQL, driven with a controlled clock: each refusal is stored with its reason and the time before which the
// same bytes are not offered again (1 s, doubling to 60 s), logged at warn once, shown in the lane list; a sender whose
// balance grew is tried at once (still short: refused, and it waits again); funded, its transaction is accepted and
// the request behind it follows, each mined once.
import { afterAll, describe, expect, it, vi } from "vitest";
import { parseEther, type Address, type Hex, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { devnetRpc } from "@/test/chains";
import { db, inTransaction } from "@/server/db";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { checkLedgerInvariants } from "@/server/ledger/check-ledger-invariants";
import { logger } from "@/server/logger";
import { randomBase62 } from "@/server/ids";
import { signerForPath } from "@/server/wallets/platform-keys";
import { enqueueTransaction, type TransactionRequest } from "./enqueue-transaction";
import { listLanes } from "./list-lanes";
import { processLane } from "./process-lane";
import { refusalDelayMs } from "./record-refusal";
import "./test-purpose-handlers";

const NETWORK = "devnet-b" as const;
const network = findNetwork(NETWORK) as Network;
const client: PublicClient = publicClientFor(network);
const OWNER = "sender-backoff-test";
const NOT_ACCEPTED = "outgoing transaction not accepted by the node";

afterAll(async () => {
  expect(await checkLedgerInvariants(db())).toEqual([]);
});

/** A key path of its own: a deposit-style path on an HD account no merchant gets in tests. */
function ownKeyPath(): string {
  return `m/44'/60'/${900_000 + Math.floor(Math.random() * 100_000)}'/0/${Math.floor(Math.random() * 1_000_000)}`;
}

const setBalance = (address: Address, wei: bigint) =>
  devnetRpc(NETWORK, "anvil_setBalance", [address, `0x${wei.toString(16)}`]);
const mine = (blocks: number) => devnetRpc(NETWORK, "anvil_mine", [`0x${blocks.toString(16)}`]);
const nonceOf = async (address: Address, blockTag: "latest" | "pending") =>
  BigInt(await client.getTransactionCount({ address, blockTag }));
const row = (id: string) =>
  db().outgoingTransaction.findUniqueOrThrow({ where: { id }, include: { attempts: { orderBy: { attempt: "asc" } } } });

function request(keyPath: string, value: bigint): TransactionRequest {
  return {
    key: `test:${randomBase62(12)}`,
    networkId: NETWORK,
    livemode: false,
    from: { keyPath },
    purpose: "test",
    sourceId: `test_${randomBase62(8)}`,
    to: privateKeyToAccount(generatePrivateKey()).address,
    value,
    gasLimit: 21_000n,
  };
}

describe("sender backoff on refused transactions", () => {
  it("spaces the broadcasts of a refused transaction 1 s, 2 s, 4 s... up to 60 s; funded, it is sent at once, mined once", async () => {
    const keyPath = ownKeyPath();
    const sender = signerForPath(keyPath).address;
    await setBalance(sender, 0n);
    const first = request(keyPath, parseEther("0.01"));
    const second = request(keyPath, parseEther("0.02"));
    const a = await inTransaction(db(), (tx) => enqueueTransaction(tx, first));
    const b = await inTransaction(db(), (tx) => enqueueTransaction(tx, second));
    const laneId = (await row(a.id)).laneId;
    const t0 = Date.parse("2030-01-01T00:00:00.000Z");
    const at = (ms: number) => () => new Date(t0 + ms);
    const pass = (ms: number) => processLane(db(), network, client, { laneId, owner: OWNER, now: at(ms) });
    const warn = vi.spyOn(logger(), "warn");
    const refusalsOf = () => warn.mock.calls.filter((c) => c[1] === NOT_ACCEPTED).length;

    // The first request gets nonce 0, is signed, stored and refused; the second waits in the queue behind it.
    expect(await pass(0)).toEqual({ outcome: "done", signed: 1, tracked: [] });
    const signed = await row(a.id);
    expect(signed).toMatchObject({
      status: "pending",
      nonce: 0n,
      submittedAt: null,
      refusals: 1,
      refusedSince: new Date(t0),
      nextAttemptAt: new Date(t0 + 1_000),
    });
    expect(signed.refusalReason).toBe("Insufficient funds for gas * price + value");
    expect(signed.refusedBalance?.toFixed()).toBe("0");
    expect(signed.attempts).toHaveLength(1);
    const { hash, raw } = signed.attempts[0]!;
    expect((await row(b.id)).status).toBe("queued");

    // Before the delay nothing is sent; at it the same bytes are offered again, refused, and the delay doubles.
    expect(await pass(999)).toEqual({ outcome: "done", signed: 0, tracked: ["backoff"] });
    expect(await row(a.id)).toMatchObject({ refusals: 1, nextAttemptAt: new Date(t0 + 1_000) });
    let now = 1_000;
    const delays: number[] = [];
    for (let refusals = 2; refusals <= 9; refusals++) {
      expect(await pass(now)).toEqual({ outcome: "done", signed: 0, tracked: ["waiting"] });
      const r = await row(a.id);
      expect(r).toMatchObject({ refusals, refusedSince: new Date(t0) });
      delays.push(r.nextAttemptAt!.getTime() - (t0 + now));
      // A pass 1 ms before the next attempt is due sends nothing and changes nothing.
      expect(await pass(r.nextAttemptAt!.getTime() - t0 - 1)).toMatchObject({ tracked: ["backoff"] });
      expect(await row(a.id)).toMatchObject({ refusals, nextAttemptAt: r.nextAttemptAt });
      now = r.nextAttemptAt!.getTime() - t0;
    }
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(delays).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map(refusalDelayMs));
    // Nine refusals with one reason: one warning (the first); the others went to debug.
    expect(refusalsOf()).toBe(1);
    // The stored attempt is the one signed at first: same nonce, same bytes; nothing reached the chain or the pool.
    const waiting = await row(a.id);
    expect(waiting.attempts.map((t) => [t.attempt, t.nonce, t.hash, t.raw])).toEqual([[0, 0n, hash, raw]]);
    expect(await nonceOf(sender, "pending")).toBe(0n);
    expect((await row(b.id)).status).toBe("queued");

    // The operator sees it on the lane.
    const lane = (await listLanes(db())).find((l) => l.id === laneId);
    expect(lane).toMatchObject({
      queued: 1,
      pending: 1,
      refused: {
        outgoingTransactionId: a.id,
        nonce: 0n,
        refusals: 9,
        reason: waiting.refusalReason,
        since: new Date(t0),
        nextAttemptAt: new Date(t0 + now),
      },
    });

    // The sender's balance grows, still short of the cost: tried at once, before the delay, refused again, and it
    // waits the capped delay from then on, as long as the balance stays where it was.
    await setBalance(sender, 1n);
    const early = now - 30_000;
    expect(await pass(early)).toEqual({ outcome: "done", signed: 0, tracked: ["waiting"] });
    const short = await row(a.id);
    expect(short).toMatchObject({ refusals: 10, nextAttemptAt: new Date(t0 + early + 60_000) });
    expect(short.refusedBalance?.toFixed()).toBe("1");
    expect(await pass(early + 1)).toEqual({ outcome: "done", signed: 0, tracked: ["backoff"] });
    expect(await row(a.id)).toMatchObject({ refusals: 10 });

    // Funded: the next pass sends it at once, long before the delay, and it is accepted (and automined); the queued
    // request behind it is signed on nonce 1 and sent in the same pass.
    const funds = parseEther("1");
    await setBalance(sender, funds);
    now = early + 2;
    expect(await pass(now)).toEqual({ outcome: "done", signed: 1, tracked: ["waiting"] });
    const accepted = await row(a.id);
    expect(accepted).toMatchObject({
      status: "pending",
      refusals: 0,
      refusalReason: null,
      refusedSince: null,
      nextAttemptAt: null,
      refusedBalance: null,
    });
    expect(accepted.submittedAt).not.toBeNull();
    expect(await row(b.id)).toMatchObject({ status: "pending", nonce: 1n, refusals: 0 });
    expect((await listLanes(db())).find((l) => l.id === laneId)?.refused).toBeNull();

    await mine(3);
    expect(await pass(now + 1)).toEqual({ outcome: "done", signed: 0, tracked: ["confirmed", "confirmed"] });
    const done = await row(a.id);
    expect(done).toMatchObject({ status: "confirmed", receiptStatus: "success", hash, minedHash: hash });
    const next = await row(b.id);
    expect(next).toMatchObject({ status: "confirmed", receiptStatus: "success", nonce: 1n });
    // Each mined once: two transactions from the sender, the recipients got exactly their values.
    expect(await nonceOf(sender, "latest")).toBe(2n);
    expect(await client.getBalance({ address: first.to })).toBe(parseEther("0.01"));
    expect(await client.getBalance({ address: second.to })).toBe(parseEther("0.02"));
    const fee = async (h: string) => {
      const r = await client.getTransactionReceipt({ hash: h as Hex });
      return r.gasUsed * r.effectiveGasPrice;
    };
    expect(await client.getBalance({ address: sender })).toBe(
      funds - parseEther("0.03") - (await fee(hash)) - (await fee(next.hash!)),
    );
    expect(refusalsOf()).toBe(1);
    warn.mockRestore();
  }, 120_000);
});
