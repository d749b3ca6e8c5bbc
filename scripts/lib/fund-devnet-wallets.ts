// `npm start`: fund the local devnets' platform wallets (test mode) from anvil's prefunded dev account, so that
// sweeps and payouts work on a fresh install without sending devnet ETH by hand. Devnets only: never a live network.
import { createPublicClient, createWalletClient, defineChain, http, parseEther, type Address, type Hash } from "viem";
import { DEVNETS, type DevnetId } from "../../server/chains/catalog";
import { anvilTestAccounts } from "../../server/chains/devnet-tokens";
import type { Db } from "../../server/db";

/** What each devnet platform wallet is sent when it holds less than DEVNET_WALLET_FLOOR. */
export const DEVNET_WALLET_FUNDING = parseEther("10");
/** Below this a devnet platform wallet is topped up; at or above it nothing is sent (restarts send nothing). */
export const DEVNET_WALLET_FLOOR = parseEther("1");

/** One wallet's outcome. */
export interface DevnetFunding {
  network: DevnetId;
  role: "gas" | "hot";
  address: Address;
  /** The funding transaction, when one was sent. */
  hash: Hash | null;
}

/**
 * Wait until the worker has recorded the platform wallets (platform_wallets) and scanned each devnet once (its cursor
 * exists), so that a funding sent afterwards lands in a block the watcher scans; then, on each devnet whose node
 * answers with the devnet's own chain id, send every test-mode platform wallet (gas and hot) holding less than
 * DEVNET_WALLET_FLOOR exactly DEVNET_WALLET_FUNDING from anvil's first prefunded account, one plain transfer each,
 * waiting for its receipt. The watcher sees it like any transfer to a platform wallet from an address that is not
 * Payrail's and posts it as operator funding (server/ledger/record-operator-fundings.ts), so reconciliation stays
 * matched. Idempotent across restarts: a wallet at or above the floor gets nothing. Live-mode wallets and networks
 * other than the devnets are never touched. Throws when the worker does not get there within `timeoutMs`.
 */
export async function fundDevnetPlatformWallets(
  db: Db,
  opts: {
    rpcUrls: Partial<Record<DevnetId, string | undefined>>;
    /** Wallets recorded before this are not this run's worker's (a changed seed rewrites them): wait for newer. */
    since?: Date;
    timeoutMs?: number;
    isStopping?: () => boolean;
  },
): Promise<DevnetFunding[]> {
  const devnets = DEVNETS.filter((d) => opts.rpcUrls[d.id] !== undefined);
  const wallets = await waitForWorker(
    db,
    devnets.map((d) => d.id),
    opts,
  );
  const funder = anvilTestAccounts(1)[0]!;
  const out: DevnetFunding[] = [];
  for (const devnet of devnets) {
    const rpcUrl = opts.rpcUrls[devnet.id]!;
    const chain = defineChain({
      id: devnet.chainId,
      name: devnet.id,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    });
    const client = createPublicClient({ chain, transport: http(rpcUrl) });
    // The devnet's own chain id or nothing: a URL pointing at another chain never gets a transaction from here.
    if ((await client.getChainId()) !== devnet.chainId) continue;
    const wallet = createWalletClient({ account: funder, chain, transport: http(rpcUrl) });
    for (const { role, address } of wallets) {
      if ((await client.getBalance({ address })) >= DEVNET_WALLET_FLOOR) {
        out.push({ network: devnet.id, role, address, hash: null });
        continue;
      }
      const hash = await wallet.sendTransaction({ to: address, value: DEVNET_WALLET_FUNDING });
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 250 });
      if (receipt.status !== "success") throw new Error(`funding the ${role} wallet on ${devnet.id} reverted`);
      out.push({ network: devnet.id, role, address, hash });
    }
  }
  return out;
}

async function waitForWorker(
  db: Db,
  networks: DevnetId[],
  opts: { since?: Date; timeoutMs?: number; isStopping?: () => boolean },
): Promise<{ role: "gas" | "hot"; address: Address }[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  while (Date.now() < deadline && !opts.isStopping?.()) {
    const wallets = await db.platformWallet.findMany({
      where: { livemode: false, role: { in: ["gas", "hot"] }, recordedAt: { gte: opts.since ?? new Date(0) } },
      select: { role: true, address: true },
      orderBy: { role: "asc" },
    });
    const cursors = await db.networkCursor.count({
      where: { networkId: { in: networks }, blockNumber: { not: null } },
    });
    if (wallets.length === 2 && cursors === networks.length)
      return wallets.map((w) => ({ role: w.role as "gas" | "hot", address: w.address as Address }));
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error("the worker did not record the platform wallets and scan the devnets in time");
}
