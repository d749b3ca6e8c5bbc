import { english, generateMnemonic } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { resetEnvCache } from "@/server/env";
import { tick } from "@/server/jobs/tick";
import { reconcilePlatformWallets } from "@/server/ledger/reconcile";
import { platformAddress } from "@/server/wallets/platform-keys";
import { recordPlatformWallets } from "@/server/withdrawals/record-platform-wallets";
import { devnetRpcUrl } from "@/test/chains";
import { mine } from "@/test/fixtures";
import { pollUntil, workerProcesses } from "@/test/worker-process";
import { DEVNET_WALLET_FUNDING, fundDevnetPlatformWallets } from "./fund-devnet-wallets";

// `npm start` funds the devnets' platform wallets from anvil's prefunded account; the watcher posts the transfers as
// operator funding, so reconciliation stays matched. Platform wallets of this file's own seed (the suite's are shared
// and topped up by other files); the suite's are recorded again afterwards.

const OWNER = "fund-devnet-wallets-test";
let suiteSeed: string | undefined;
const workers = workerProcesses();

beforeAll(async () => {
  suiteSeed = process.env.PAYRAIL_MASTER_SEED;
  await tick(db(), { owner: OWNER }); // the devnets' cursors exist, as after any earlier start
});

afterEach(() => workers.stopAll());

afterAll(async () => {
  process.env.PAYRAIL_MASTER_SEED = suiteSeed;
  resetEnvCache();
  await recordPlatformWallets(db());
});

describe("funding the devnets' platform wallets at start", () => {
  it("sends each test-mode gas and hot wallet 10 ETH once, posted as operator funding: reconciliation matched", async () => {
    // As `npm start` does: the worker (a real process, with a seed whose wallets nobody else uses) starts, then the
    // wallets are funded once it has recorded them.
    const seed = generateMnemonic(english);
    process.env.PAYRAIL_MASTER_SEED = seed;
    resetEnvCache();
    const since = new Date();
    const worker = workers.start({ PAYRAIL_MASTER_SEED: seed, WORKER_POLL_MS: "200" });
    const gas = platformAddress("gas", false);
    const hot = platformAddress("hot", false);
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
    const ours = { toAddress: { in: [gas.toLowerCase(), hot.toLowerCase()] } };
    await pollUntil(
      async () => (await db().operatorFunding.count({ where: { ...ours, status: "confirmed" } })) === 4,
      worker,
      {
        between: async () => {
          await mine("devnet", 1);
          await mine("devnet-b", 1);
        },
      },
    );
    const fundings = await db().operatorFunding.findMany({
      where: ours,
      orderBy: [{ networkId: "asc" }, { blockNumber: "asc" }],
    });
    expect(fundings.map((f) => [f.networkId, f.role, f.amount.toFixed(0), f.status])).toEqual([
      ["devnet", "gas", "10000000000000000000", "confirmed"],
      ["devnet", "hot", "10000000000000000000", "confirmed"],
      ["devnet-b", "gas", "10000000000000000000", "confirmed"],
      ["devnet-b", "hot", "10000000000000000000", "confirmed"],
    ]);
    const lines = await reconcilePlatformWallets(db(), { livemode: false, asset: "ETH" });
    expect(lines.map((l) => `${l.role} ${l.networkId} ${l.onChain} ${l.ledger} ${l.status}`)).toEqual([
      "hot devnet 10000000000000000000 10000000000000000000 matched",
      "gas devnet 10000000000000000000 10000000000000000000 matched",
      "hot devnet-b 10000000000000000000 10000000000000000000 matched",
      "gas devnet-b 10000000000000000000 10000000000000000000 matched",
    ]);

    // A restart: every wallet is above the floor, nothing is sent.
    const again = await fundDevnetPlatformWallets(db(), { rpcUrls, timeoutMs: 10_000 });
    expect(again.map((f) => f.hash)).toEqual([null, null, null, null]);
  });
});
