/** How the sender treats one network's lanes. */
export interface LaneSettings {
  /** A transaction not mined this many blocks after its latest signature is replaced (same nonce, higher fees). */
  replaceAfterBlocks: number;
  /** Replacements of one transaction at most; past it the latest attempt is only rebroadcast. */
  maxReplacements: number;
  /** Highest maxFeePerGas (wei) the sender ever signs on the network: replacements stop there. */
  maxFeePerGas: bigint;
  /** Transactions of a lane broadcast and not yet confirmed at most; further requests wait in the queue. */
  maxInFlight: number;
}

const GWEI = 1_000_000_000n;

const DEFAULTS: LaneSettings = {
  replaceAfterBlocks: 3,
  maxReplacements: 10,
  maxFeePerGas: 500n * GWEI,
  maxInFlight: 16,
};

// Blocks come faster on L2s, so more of them pass before a price bump is worth it; caps follow each network's
// usual fee level with a wide margin (a cap is a brake on a runaway fee market, not a price target).
const PER_NETWORK: Record<string, Partial<LaneSettings>> = {
  ethereum: { replaceAfterBlocks: 3, maxFeePerGas: 500n * GWEI },
  base: { replaceAfterBlocks: 10, maxFeePerGas: 50n * GWEI },
  optimism: { replaceAfterBlocks: 10, maxFeePerGas: 50n * GWEI },
  arbitrum: { replaceAfterBlocks: 40, maxFeePerGas: 50n * GWEI },
  polygon: { replaceAfterBlocks: 10, maxFeePerGas: 5_000n * GWEI },
  bsc: { replaceAfterBlocks: 5, maxFeePerGas: 100n * GWEI },
  devnet: { replaceAfterBlocks: 3, maxFeePerGas: 1_000n * GWEI },
  "devnet-b": { replaceAfterBlocks: 3, maxFeePerGas: 1_000n * GWEI },
};

/** The sender settings of a network (its own over the defaults). */
export function laneSettings(networkId: string): LaneSettings {
  return { ...DEFAULTS, ...PER_NETWORK[networkId] };
}
