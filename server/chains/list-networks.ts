import { enabledNetworks } from "./networks";

/** The networks of one mode as the API lists them (docs/api.md). */
export function listNetworks(livemode: boolean) {
  return enabledNetworks({ livemode }).map((n) => ({
    id: n.id,
    object: "network" as const,
    chain_id: n.chainId,
    name: n.name,
    confirmations: n.confirmations,
    assets: n.assets.map((a) => ({ symbol: a.symbol, decimals: a.decimals, token_address: a.tokenAddress })),
  }));
}
