import { getAddress, type PublicClient } from "viem";
import { publicClientFor } from "../chains/client";
import { enabledNetworks, type Network } from "../chains/networks";
import type { DbClient } from "../db";
import { readChainBalances } from "../ledger/read-chain-balances";
import { formatDecimal, parseDecimal } from "../money";
import type { PlatformWalletsResponse } from "./platform-wallet.schema";

// When the gas wallet holds less than this (in the native coin) the dashboard warns: a few dozen sweeps' worth.
const LOW_GAS_WHOLE_UNITS: Record<string, string> = {
  ethereum: "0.05",
  polygon: "5",
  bsc: "0.02",
};
const DEFAULT_LOW_GAS = "0.01";

/** The low-gas threshold of a network in its native asset's base units. */
export function lowGasThreshold(network: Pick<Network, "id" | "nativeAsset">): bigint {
  return parseDecimal(LOW_GAS_WHOLE_UNITS[network.id] ?? DEFAULT_LOW_GAS, network.nativeAsset.decimals) ?? 0n;
}

/**
 * Per enabled network of the mode: the platform gas and hot wallet addresses (as the worker recorded them in
 * `platform_wallets`: the web process has no seed) with their balances read from the chain at its head, and
 * whether the gas wallet is below the network's low-gas threshold. A node that cannot be read gives the
 * addresses without balances and says why; nothing throws for one network.
 */
export async function listPlatformWallets(
  db: DbClient,
  opts: { livemode: boolean; clientFor?: (network: Network) => PublicClient },
): Promise<PlatformWalletsResponse[]> {
  const wallets = await db.platformWallet.findMany({
    where: { livemode: opts.livemode },
    select: { role: true, address: true },
  });
  const gas = wallets.find((w) => w.role === "gas")?.address ?? null;
  const hot = wallets.find((w) => w.role === "hot")?.address ?? null;
  const clientFor = opts.clientFor ?? publicClientFor;
  return Promise.all(
    enabledNetworks({ livemode: opts.livemode }).map(async (network): Promise<PlatformWalletsResponse> => {
      const threshold = lowGasThreshold(network);
      const native = network.nativeAsset;
      const out: PlatformWalletsResponse = {
        network: network.id,
        name: network.name,
        native_asset: native.symbol,
        recorded: gas !== null && hot !== null,
        error: null,
        gas: {
          address: gas && getAddress(gas),
          balance: null,
          low_threshold: formatDecimal(threshold, native.decimals),
          low: false,
        },
        hot: { address: hot && getAddress(hot), balances: [] },
      };
      if (!gas || !hot) return out;
      try {
        const client = clientFor(network);
        const balances = await readChainBalances(client, {
          chainId: network.chainId,
          blockNumber: await client.getBlockNumber(),
          addresses: [gas, hot],
          assets: network.assets,
        });
        const gasBalance = balances.get(gas.toLowerCase())?.get(native.symbol) ?? 0n;
        out.gas.balance = formatDecimal(gasBalance, native.decimals, 2);
        out.gas.low = gasBalance < threshold;
        out.hot.balances = network.assets.map((a) => ({
          asset: a.symbol,
          amount: formatDecimal(balances.get(hot.toLowerCase())?.get(a.symbol) ?? 0n, a.decimals, 2),
        }));
      } catch {
        out.error = `The ${network.name} node could not be read.`;
      }
      return out;
    }),
  );
}
