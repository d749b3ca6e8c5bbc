import { erc20Abi, multicall3Abi, type Address, type PublicClient } from "viem";
import type { AssetSpec } from "../chains/catalog";
import { multicall3For } from "./multicall3";

/** Calls per eth_call: keeps each aggregate3 well under the gas caps RPC providers put on eth_call. */
export const BALANCE_CALLS_PER_CHUNK = 1_000;
// ABI-encoded size of one getEthBalance(address) or balanceOf(address): selector + one word.
const CALL_BYTES = 4 + 32;

/**
 * The balances of `addresses` in every asset of a network at one block: native through Multicall3's
 * `getEthBalance`, tokens through ERC-20 `balanceOf`, all read in one multicall at `blockNumber` (split
 * into chunks of {@link BALANCE_CALLS_PER_CHUNK} calls for large sets, every chunk at the same block).
 * Returns base units per lowercase address and asset symbol. Throws if a call fails: a balance that
 * could not be read is not zero.
 */
export async function readChainBalances(
  client: PublicClient,
  opts: { chainId: number; blockNumber: bigint; addresses: readonly string[]; assets: readonly AssetSpec[] },
): Promise<Map<string, Map<string, bigint>>> {
  const out = new Map<string, Map<string, bigint>>();
  if (opts.addresses.length === 0 || opts.assets.length === 0) return out;
  const multicall = multicall3For(opts.chainId, opts.blockNumber);
  const calls = opts.addresses.flatMap((address) =>
    opts.assets.map((asset) =>
      asset.tokenAddress
        ? {
            address: asset.tokenAddress,
            abi: erc20Abi,
            functionName: "balanceOf" as const,
            args: [address as Address] as const,
          }
        : {
            address: multicall.address,
            abi: multicall3Abi,
            functionName: "getEthBalance" as const,
            args: [address as Address] as const,
          },
    ),
  );
  const results = (await client.multicall({
    contracts: calls,
    allowFailure: false,
    blockNumber: opts.blockNumber,
    multicallAddress: multicall.address,
    stateOverride: multicall.stateOverride,
    batchSize: BALANCE_CALLS_PER_CHUNK * CALL_BYTES,
  })) as unknown as bigint[];
  let i = 0;
  for (const address of opts.addresses) {
    const byAsset = new Map<string, bigint>();
    for (const asset of opts.assets) byAsset.set(asset.symbol, results[i++]!);
    out.set(address.toLowerCase(), byAsset);
  }
  return out;
}
