import { createPublicClient, defineChain, http, type PublicClient } from "viem";
import type { Network } from "./networks";

const clients = new Map<string, PublicClient>();

/** A viem public client for the network; concurrent calls are batched into one HTTP request. */
export function publicClientFor(network: Pick<Network, "id" | "name" | "chainId" | "rpcUrl" | "nativeAsset">): PublicClient {
  const key = `${network.id}|${network.rpcUrl}`;
  let client = clients.get(key);
  if (!client) {
    const chain = defineChain({
      id: network.chainId,
      name: network.name,
      nativeCurrency: { name: network.nativeAsset.symbol, symbol: network.nativeAsset.symbol, decimals: network.nativeAsset.decimals },
      rpcUrls: { default: { http: [network.rpcUrl] } },
    });
    client = createPublicClient({ chain, transport: http(network.rpcUrl, { batch: { batchSize: 100, wait: 0 }, retryCount: 2, timeout: 15_000 }) });
    clients.set(key, client);
  }
  return client;
}
