import { env, type Env } from "../env";
import { NETWORK_CATALOG, type AssetSpec, type NetworkSpec } from "./catalog";

/** A network that is on: its catalog entry plus the configured RPC URL and confirmation target. */
export interface Network extends NetworkSpec {
  rpcUrl: string;
  assets: AssetSpec[];
}

/** The networks whose RPC URL is configured, in catalog order; `livemode` filters by mode. */
export function enabledNetworks(opts: { livemode?: boolean } = {}): Network[] {
  const config = env();
  const out: Network[] = [];
  for (const spec of NETWORK_CATALOG) {
    const rpcUrl = config[spec.rpcEnv as keyof Env];
    if (typeof rpcUrl !== "string" || rpcUrl === "") continue;
    if (opts.livemode !== undefined && spec.livemode !== opts.livemode) continue;
    const isDevnet = spec.id.startsWith("devnet");
    const confirmations = isDevnet && config.DEVNET_CONFIRMATIONS ? config.DEVNET_CONFIRMATIONS : spec.confirmations;
    out.push({ ...spec, rpcUrl, confirmations, assets: [spec.nativeAsset, ...spec.tokens] });
  }
  return out;
}

/** The enabled network with this id, or undefined. */
export function findNetwork(id: string): Network | undefined {
  return enabledNetworks().find((n) => n.id === id);
}
