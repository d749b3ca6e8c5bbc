import { NETWORK_CATALOG } from "../chains/catalog";

// TEMPORARY until server/sweeps exports `sweepMinimum(networkId, asset)`: the smallest amount worth sweeping
// per network, in whole units of the asset (stablecoins in dollars, native coins in the coin), so that a
// withdrawal never costs more gas than it moves. Mainnet Ethereum gas is dear; rollups and the devnets are cheap.
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

function toBaseUnits(whole: string, decimals: number): bigint {
  const [int = "0", frac = ""] = whole.split(".");
  return BigInt(int) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0").slice(0, decimals) || "0");
}

/**
 * The economic minimum of a withdrawal of `asset` on `networkId`, in the asset's base units: a rule's threshold
 * (less what it keeps) may not be below it. Null when the network or asset is not in the catalog.
 */
export function withdrawalMinimum(networkId: string, asset: string): bigint | null {
  const network = NETWORK_CATALOG.find((n) => n.id === networkId);
  const spec = network && [network.nativeAsset, ...network.tokens].find((a) => a.symbol === asset);
  const table = MINIMUM_WHOLE_UNITS[networkId];
  if (!network || !spec || !table) return null;
  return toBaseUnits(spec.tokenAddress === null ? table.native : table.stable, spec.decimals);
}
