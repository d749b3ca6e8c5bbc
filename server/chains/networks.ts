import { env, type Env } from "../env";
import {
  confirmationsEnvKey,
  isDevnetId,
  NETWORK_CATALOG,
  rpcEnvKey,
  wsEnvKey,
  type AssetSpec,
  type NetworkSpec,
} from "./catalog";

/** A network that is on: its catalog entry plus the configured RPC URL and confirmation target. */
export interface Network extends NetworkSpec {
  rpcUrl: string;
  /** Where the worker subscribes to new heads (eth_subscribe newHeads); null: polling only. */
  wsUrl: string | null;
  assets: AssetSpec[];
}

/** The networks whose RPC URL is configured, in catalog order; `livemode` filters by mode. */
export function enabledNetworks(opts: { livemode?: boolean } = {}): Network[] {
  const config = env();
  const out: Network[] = [];
  for (const spec of NETWORK_CATALOG) {
    const rpcUrl = config[rpcEnvKey(spec.id)];
    if (typeof rpcUrl !== "string" || rpcUrl === "") continue;
    if (opts.livemode !== undefined && spec.livemode !== opts.livemode) continue;
    out.push({
      ...spec,
      rpcUrl,
      wsUrl: headSubscriptionUrl(spec, rpcUrl, config),
      confirmations: requiredConfirmations(spec, config),
      assets: [spec.nativeAsset, ...spec.tokens],
    });
  }
  return out;
}

/**
 * The network's `RPC_WS_URL_<NETWORK>`; `off` turns the subscription off. Unset, a devnet derives it from
 * its RPC URL (anvil serves WebSocket on its HTTP port: http → ws, https → wss) and any other network
 * polls only: hosted providers put WebSocket on other hosts or paths, and guessing would send the URL's
 * key where it does not belong.
 */
function headSubscriptionUrl(spec: NetworkSpec, rpcUrl: string, config: Env): string | null {
  const own = config[wsEnvKey(spec.id)];
  if (own === "off") return null;
  if (typeof own === "string" && own !== "") return own;
  if (!isDevnetId(spec.id)) return null;
  return rpcUrl.replace(/^http(s?):\/\//i, "ws$1://");
}

/** Confirmations required on a network: its own env variable, else DEVNET_CONFIRMATIONS for devnets, else the catalog's. */
function requiredConfirmations(spec: NetworkSpec, config: Env): number {
  const own = config[confirmationsEnvKey(spec.id)];
  if (typeof own === "number") return own;
  if (isDevnetId(spec.id) && config.DEVNET_CONFIRMATIONS) return config.DEVNET_CONFIRMATIONS;
  return spec.confirmations;
}

/**
 * How many recent block hashes the scanner keeps per network: twice its confirmation target and at
 * least 256 (more than the largest catalog target, Polygon's 128, plus as much again), so that any
 * reorg that can still touch a payment is found by hash.
 */
export function retainedBlockHashes(network: Pick<NetworkSpec, "confirmations">): bigint {
  return BigInt(Math.max(256, network.confirmations * 2));
}

/** The enabled network with this id, or undefined. */
export function findNetwork(id: string): Network | undefined {
  return enabledNetworks().find((n) => n.id === id);
}
