import { createPublicClient, defineChain, http, type PublicClient } from "viem";
import type { Network } from "./networks";
import type { RpcCallCounter } from "./rpc-call-counter";

type ClientNetwork = Pick<Network, "id" | "name" | "chainId" | "rpcUrl" | "nativeAsset">;

const clients = new Map<string, PublicClient>();

/**
 * A new viem public client for the network. Concurrent calls are batched into JSON-RPC batches of at
 * most 20 calls per HTTP request (full blocks of busy chains are large); `counter` sees every request.
 */
export function createNetworkClient(network: ClientNetwork, opts: { counter?: RpcCallCounter } = {}): PublicClient {
  const chain = defineChain({
    id: network.chainId,
    name: network.name,
    nativeCurrency: {
      name: network.nativeAsset.symbol,
      symbol: network.nativeAsset.symbol,
      decimals: network.nativeAsset.decimals,
    },
    rpcUrls: { default: { http: [network.rpcUrl] } },
  });
  const counter = opts.counter;
  return createPublicClient({
    chain,
    transport: http(network.rpcUrl, {
      batch: { batchSize: 20, wait: 0 },
      retryCount: 2,
      timeout: 15_000,
      maxResponseBodySize: 128 * 1024 * 1024,
      onFetchRequest: counter
        ? (_request, init) => {
            counter.recordBody(String(init.body));
          }
        : undefined,
    }),
  });
}

/** The process-wide client of the network (one per RPC URL). */
export function publicClientFor(network: ClientNetwork): PublicClient {
  const key = `${network.id}|${network.rpcUrl}`;
  let client = clients.get(key);
  if (!client) {
    client = createNetworkClient(network);
    clients.set(key, client);
  }
  return client;
}
