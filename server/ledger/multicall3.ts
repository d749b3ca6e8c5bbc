import type { Address, Hex } from "viem";
import { arbitrum, base, baseSepolia, bsc, mainnet, optimism, polygon, sepolia } from "viem/chains";
import { MULTICALL3_RUNTIME_CODE } from "./multicall3-runtime-code";

/** Multicall3's address on every chain that has it (deployed keylessly, so the same everywhere). */
export const MULTICALL3_ADDRESS: Address = "0xcA11bde05977b3631167028862bE2a173976CA11";

/** Where viem's chain definitions say Multicall3 was deployed: chain id → first block it exists in. */
const DEPLOYED_AT = new Map<number, bigint>(
  [mainnet, base, polygon, arbitrum, optimism, bsc, sepolia, baseSepolia].flatMap((chain) => {
    const c = chain.contracts?.multicall3;
    return c && c.address.toLowerCase() === MULTICALL3_ADDRESS.toLowerCase()
      ? [[chain.id, BigInt(c.blockCreated ?? 0)] as const]
      : [];
  }),
);

/**
 * How to reach Multicall3 on a chain at a block: at its canonical address, and where it is not deployed
 * there (the devnets, or a block before its deployment) with its code put at that address by an eth_call
 * state override, so the call needs no deployment. viem's `deployless` mode is not used: it runs the
 * contract at an address the caller does not know, and `getEthBalance` must be called on Multicall3 itself.
 */
export function multicall3For(
  chainId: number,
  blockNumber: bigint,
): { address: Address; stateOverride?: { address: Address; code: Hex }[] } {
  const deployedAt = DEPLOYED_AT.get(chainId);
  if (deployedAt !== undefined && blockNumber >= deployedAt) return { address: MULTICALL3_ADDRESS };
  return {
    address: MULTICALL3_ADDRESS,
    stateOverride: [{ address: MULTICALL3_ADDRESS, code: MULTICALL3_RUNTIME_CODE }],
  };
}
