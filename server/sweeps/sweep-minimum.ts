import { NETWORK_CATALOG } from "../chains/catalog";
import { parseDecimal } from "../money";

// The smallest amount worth sweeping per network, in whole units of the asset (stablecoins in dollars, native
// coins in the coin). One swept address costs ~30,000 gas with EIP-7702 (~50,000 with the fallback): at 20 gwei
// and $3,000 per ETH that is ~$2-3 on Ethereum, a fraction of a cent on rollups. The minimums keep the gas at a
// small share of what moves, with room for fee spikes.
const MINIMUM_WHOLE_UNITS: Record<string, { stable: string; native: string }> = {
  ethereum: { stable: "50", native: "0.02" },
  base: { stable: "1", native: "0.0005" },
  polygon: { stable: "1", native: "1" },
  arbitrum: { stable: "1", native: "0.0005" },
  optimism: { stable: "1", native: "0.0005" },
  bsc: { stable: "1", native: "0.002" },
  sepolia: { stable: "1", native: "0.001" },
  "base-sepolia": { stable: "1", native: "0.0005" },
  devnet: { stable: "1", native: "0.001" },
  "devnet-b": { stable: "1", native: "0.001" },
};

/**
 * The economic minimum of a sweep of `asset` on `networkId`, in the asset's base units: below it the gas would
 * cost too large a share of what moves (dust is never swept at a loss). Auto-withdrawal thresholds may not be set
 * below it. Null when the network or asset is not in the catalog.
 */
export function sweepMinimum(networkId: string, asset: string): bigint | null {
  const network = NETWORK_CATALOG.find((n) => n.id === networkId);
  const spec = network && [network.nativeAsset, ...network.tokens].find((a) => a.symbol === asset);
  const table = MINIMUM_WHOLE_UNITS[networkId];
  if (!network || !spec || !table) return null;
  return parseDecimal(spec.tokenAddress === null ? table.native : table.stable, spec.decimals);
}
