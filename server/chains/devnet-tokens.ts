/**
 * Deterministic addresses of the project's test tokens on the local devnets, and anvil's standard
 * test accounts. A fixed deployer key deploying at nonces 0 and 1 gives the same token addresses
 * on every devnet and every restart, so the network catalog can list them as constants.
 */
import { getContractAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { mnemonicToAccount, privateKeyToAccount, type HDAccount } from "viem/accounts";

/** Private key of the devnet token deployer (public on purpose: devnets only). */
export const DEVNET_DEPLOYER_PRIVATE_KEY: Hex = keccak256(toHex("payrail devnet deployer"));

/** Address of the devnet token deployer. */
export const DEVNET_DEPLOYER_ADDRESS: Address = privateKeyToAccount(DEVNET_DEPLOYER_PRIVATE_KEY).address;

/** Symbol of a devnet test token. */
export type DevnetTokenSymbol = "USDC" | "USDT";

/** A devnet test token: metadata and its deterministic (checksummed) address. */
export interface DevnetToken {
  symbol: DevnetTokenSymbol;
  name: string;
  decimals: number;
  /** The deployer's nonce that creates this token; the address follows from it. */
  nonce: bigint;
  address: Address;
}

function token(symbol: DevnetTokenSymbol, name: string, nonce: bigint): DevnetToken {
  return { symbol, name, decimals: 6, nonce, address: getContractAddress({ from: DEVNET_DEPLOYER_ADDRESS, nonce }) };
}

/** The test tokens deployed on every devnet, in deployment order. */
export const DEVNET_TOKENS: readonly DevnetToken[] = [
  token("USDC", "USD Coin (Payrail test)", 0n),
  token("USDT", "Tether USD (Payrail test)", 1n),
];

/** Anvil's default mnemonic; its accounts are pre-funded with ETH and receive the test tokens. */
export const ANVIL_TEST_MNEMONIC = "test test test test test test test test test test test junk";

/** Anvil's standard test accounts, indexes 0..count-1 (m/44'/60'/0'/0/i). */
export function anvilTestAccounts(count = 10): HDAccount[] {
  return Array.from({ length: count }, (_, i) => mnemonicToAccount(ANVIL_TEST_MNEMONIC, { addressIndex: i }));
}
