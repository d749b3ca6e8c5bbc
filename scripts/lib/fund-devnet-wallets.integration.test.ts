import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { reconcilePlatformWallets, type PlatformWalletLine } from "@/server/ledger/reconcile";
import { platformAddress } from "@/server/wallets/platform-keys";
import { devnetRpc, devnetRpcUrl } from "@/test/chains";
import { mine } from "@/test/fixtures";
import { pollUntil, workerProcesses } from "@/test/worker-process";
import { DEVNET_WALLET_FUNDING, fundDevnetPlatformWallets } from "./fund-devnet-wallets";

// `npm start` funds the devnets' platform wallets from anvil's prefunded account once the worker runs; the watcher
// posts the transfers as operator funding, so each wallet's reconciliation line keeps its difference (none, matched,
// on a fresh stack: this file alone). The wallets are the suite's, which other files top up with anvil_setBalance:
// emptied here first (so they are below the floor, as on a fresh install), and checked on what the funding changes.

const OWNER = "fund-devnet-wallets-test";
const DEVNETS = ["devnet", "devnet-b"] as const;
const workers = workerProcesses();

beforeAll(async () => {
  await tick(db(), { owner: OWNER }); // the devnets' cursors exist, as after any earlier start
});

afterEach(() => workers.stopAll());

async function lines(): Promise<Map<string, PlatformWalletLine>> {
  const all = await reconcilePlatformWallets(db(), { livemode: false, asset: "ETH" });
  return new Map(all.map((l) => [`${l.role} ${l.networkId}`, l]));
}

describe("funding the devnets' platform wallets at start", () => {
  it("sends each test-mode gas and hot wallet 10 ETH once, posted as operator funding: the lines keep their difference", async () => {
    const gas = platformAddress("gas", false);
    const hot = platformAddress("hot", false);
    for (const network of DEVNETS)
      for (const address of [gas, hot]) await devnetRpc(network, "anvil_setBalance", [address, "0x0"]);
    await mine("devnet", 3);
    await mine("devnet-b", 3);
    await tick(db(), { owner: OWNER });
    const before = await lines();

    // As `npm start` does: the worker (a real process) starts, and the wallets are funded once it has recorded them.
    const since = new Date();
    const worker = workers.start({ WORKER_POLL_MS: "200" });
    const rpcUrls = { devnet: devnetRpcUrl("devnet"), "devnet-b": devnetRpcUrl("devnet-b") };
    const funded = await fundDevnetPlatformWallets(db(), { rpcUrls, since, timeoutMs: 60_000 });
    expect(funded.map((f) => [f.network, f.role, f.address, f.hash !== null])).toEqual([
      ["devnet", "gas", gas, true],
      ["devnet", "hot", hot, true],
      ["devnet-b", "gas", gas, true],
      ["devnet-b", "hot", hot, true],
    ]);
    expect(DEVNET_WALLET_FUNDING).toBe(10n * 10n ** 18n);

    // The worker's watcher posts them once they have 3 confirmations.
    const hashes = funded.map((f) => f.hash!.toLowerCase());
    await pollUntil(
      async () => (await db().operatorFunding.count({ where: { txHash: { in: hashes }, status: "confirmed" } })) === 4,
      worker,
      {
        between: async () => {
          await mine("devnet", 1);
          await mine("devnet-b", 1);
        },
      },
    );
    const fundings = await db().operatorFunding.findMany({
      where: { txHash: { in: hashes } },
      orderBy: [{ networkId: "asc" }, { blockNumber: "asc" }],
    });
    expect(fundings.map((f) => [f.networkId, f.role, f.amount.toFixed(0), f.status])).toEqual([
      ["devnet", "gas", "10000000000000000000", "confirmed"],
      ["devnet", "hot", "10000000000000000000", "confirmed"],
      ["devnet-b", "gas", "10000000000000000000", "confirmed"],
      ["devnet-b", "hot", "10000000000000000000", "confirmed"],
    ]);
    await workers.stopAll();
    const after = await lines();
    const changes = [...after].map(([key, a]) => {
      const b = before.get(key)!;
      return `${key}: on chain ${b.onChain} -> ${a.onChain}, ledger +${a.ledger - b.ledger}, ${b.status} -> ${a.status}`;
    });
    const line = (key: string) => {
      const b = before.get(key)!;
      return `${key}: on chain 0 -> 10000000000000000000, ledger +10000000000000000000, ${b.status} -> ${b.status}`;
    };
    expect(changes).toEqual(["hot devnet", "gas devnet", "hot devnet-b", "gas devnet-b"].map(line));

    // A restart: every wallet is at or above the floor, nothing is sent.
    const again = await fundDevnetPlatformWallets(db(), { rpcUrls, timeoutMs: 10_000 });
    expect(again.map((f) => f.hash)).toEqual([null, null, null, null]);
  });
});
