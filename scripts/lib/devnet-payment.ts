// Paying as a customer's wallet does: a real transaction from an anvil test account on a devnet.
// Used by the CLI (`devnet pay`), integration tests and e2e specs.
import {
  createTestClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  http,
  publicActions,
  type Address,
  type Hash,
} from "viem";
import { DEVNETS, type DevnetId } from "../../server/chains/catalog";
import { anvilTestAccounts, DEVNET_TOKENS } from "../../server/chains/devnet-tokens";

export type { DevnetId };

/** A wallet (with public and anvil test actions) for anvil test account `accountIndex` at `rpcUrl`. */
export function devnetWallet(rpcUrl: string, network: DevnetId, accountIndex = 1) {
  const chain = defineChain({
    id: DEVNETS.find((devnet) => devnet.id === network)!.chainId,
    name: network,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const account = anvilTestAccounts(accountIndex + 1)[accountIndex]!;
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl), pollingInterval: 100 }).extend(
    publicActions,
  );
  const test = createTestClient({ mode: "anvil", chain, transport: http(rpcUrl) });
  return { wallet, test, account };
}

/** Send `amount` base units of a test token (or ETH) and wait until it is mined; throws if it reverted. */
export async function sendDevnetPayment(opts: {
  rpcUrl: string;
  network: DevnetId;
  asset: "USDC" | "USDT" | "ETH";
  to: Address;
  amount: bigint;
  accountIndex?: number;
}): Promise<{ hash: Hash; blockNumber: bigint }> {
  const { wallet } = devnetWallet(opts.rpcUrl, opts.network, opts.accountIndex);
  const hash =
    opts.asset === "ETH"
      ? await wallet.sendTransaction({ to: opts.to, value: opts.amount })
      : await wallet.writeContract({
          address: DEVNET_TOKENS.find((t) => t.symbol === opts.asset)!.address,
          abi: erc20Abi,
          functionName: "transfer",
          args: [opts.to, opts.amount],
        });
  const receipt = await wallet.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`payment ${hash} reverted`);
  return { hash, blockNumber: receipt.blockNumber };
}
