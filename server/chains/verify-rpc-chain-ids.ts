import type { PublicClient } from "viem";
import { rpcEnvKey } from "./catalog";
import { publicClientFor } from "./client";
import type { Network } from "./networks";
import { redactUrl } from "./redact-url";

/** A configured RPC URL that serves another chain than its network's: the process must not start. */
export class RpcChainMismatchError extends Error {
  override name = "RpcChainMismatchError";
}

/** What verifyRpcChainIds found per network: the chain id it answered, or why it could not be asked. */
export type RpcChainCheck = { networkId: string; chainId: number } | { networkId: string; unreachable: string };

/**
 * Ask every network's RPC node for its `eth_chainId` and refuse (RpcChainMismatchError, naming the variable and
 * the URL without its key) when one answers another chain than the catalog's: a node of the wrong chain would
 * credit payments that never happened on the network the invoice names. A node that cannot be reached is
 * reported, not refused (it may come back; until then the network's scans fail and say so).
 */
export async function verifyRpcChainIds(
  networks: readonly Pick<Network, "id" | "name" | "chainId" | "rpcUrl" | "nativeAsset">[],
  opts: { clientFor?: (network: Network) => PublicClient } = {},
): Promise<RpcChainCheck[]> {
  const clientFor = opts.clientFor ?? publicClientFor;
  const checks = await Promise.all(
    networks.map(async (network): Promise<RpcChainCheck> => {
      try {
        return { networkId: network.id, chainId: await clientFor(network as Network).getChainId() };
      } catch (error) {
        return { networkId: network.id, unreachable: error instanceof Error ? error.name : String(error) };
      }
    }),
  );
  const wrong = checks.flatMap((check, i) => {
    const network = networks[i]!;
    if (!("chainId" in check) || check.chainId === network.chainId) return [];
    return [
      `${rpcEnvKey(network.id)} (${redactUrl(network.rpcUrl)}) serves chain id ${check.chainId}, but ${network.name} is chain id ${network.chainId}`,
    ];
  });
  if (wrong.length > 0) {
    throw new RpcChainMismatchError(
      `Refusing to start: ${wrong.join("; ")}. Point each RPC_URL_<NETWORK> at a node of that network.`,
    );
  }
  return checks;
}
