import type { PublicClient } from "viem";

/** EIP-1559 fees of one signature, in wei per gas. */
export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/**
 * Fees for a new transaction: the node's suggested tip, and a max fee of twice the latest base fee plus
 * the tip, which stays includable through six full blocks of base-fee rises (+12.5% each). Capped at `cap`.
 */
export async function currentFees(client: PublicClient, cap: bigint): Promise<Fees> {
  const [block, tip] = await Promise.all([
    client.getBlock({ blockTag: "latest" }),
    client.estimateMaxPriorityFeePerGas(),
  ]);
  const baseFee = block.baseFeePerGas ?? 0n;
  return capFees({ maxFeePerGas: 2n * baseFee + tip, maxPriorityFeePerGas: tip }, cap);
}

function capFees(fees: Fees, cap: bigint): Fees {
  const maxFeePerGas = fees.maxFeePerGas > cap ? cap : fees.maxFeePerGas;
  const maxPriorityFeePerGas = fees.maxPriorityFeePerGas > maxFeePerGas ? maxFeePerGas : fees.maxPriorityFeePerGas;
  return { maxFeePerGas, maxPriorityFeePerGas };
}

// +12.5%, rounded up: above geth's 10% price bump however the node rounds.
const bump = (wei: bigint): bigint => (wei * 9n + 7n) / 8n;
// What a node requires of a replacement (geth's txpool price bump): both fees at least +10%.
const minimumBump = (wei: bigint): bigint => (wei * 11n + 9n) / 10n;

/**
 * The fees of a replacement on the same nonce: both fees of the previous attempt +12.5%, or the market's
 * current fees when higher, capped at `cap`. Null when the cap leaves no room for the +10% a node requires
 * (the previous attempt then stays the last one).
 */
export function replacementFees(previous: Fees, market: Fees, cap: bigint): Fees | null {
  const max = (a: bigint, b: bigint) => (a > b ? a : b);
  const next = capFees(
    {
      maxFeePerGas: max(bump(previous.maxFeePerGas), market.maxFeePerGas),
      maxPriorityFeePerGas: max(bump(previous.maxPriorityFeePerGas), market.maxPriorityFeePerGas),
    },
    cap,
  );
  if (next.maxFeePerGas < minimumBump(previous.maxFeePerGas)) return null;
  if (next.maxPriorityFeePerGas < minimumBump(previous.maxPriorityFeePerGas)) return null;
  return next;
}
