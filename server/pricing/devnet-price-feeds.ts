/**
 * The project's price feeds on the local devnets: Chainlink-style aggregators (contracts/DevnetPriceFeed.sol)
 * deployed by the devnet deployer right after the test tokens, at its nonces 2 and 3, so their
 * addresses are the same on every devnet and every restart.
 */
import { getContractAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEVNET_DEPLOYER_ADDRESS } from "../chains/devnet-tokens";

/** A devnet price feed: its pair, answer decimals, initial answer and deterministic address. */
export interface DevnetPriceFeed {
  pair: "ETH/USD" | "EUR/USD";
  decimals: number;
  /** Answer at deployment, in 10^-decimals units: ETH at 3000 USD, EUR at 1.08 USD. */
  initialAnswer: bigint;
  /** The deployer's nonce that creates this feed (after the tokens' 0 and 1). */
  nonce: bigint;
  address: Address;
}

function feed(pair: DevnetPriceFeed["pair"], initialAnswer: bigint, nonce: bigint): DevnetPriceFeed {
  return {
    pair,
    decimals: 8,
    initialAnswer,
    nonce,
    address: getContractAddress({ from: DEVNET_DEPLOYER_ADDRESS, nonce }),
  };
}

/** The price feeds deployed on every devnet, in deployment order. */
export const DEVNET_PRICE_FEEDS: readonly DevnetPriceFeed[] = [
  feed("ETH/USD", 3000_00000000n, 2n),
  feed("EUR/USD", 1_08000000n, 3n),
];

/**
 * Key of the account that moves devnet prices (refreshing them at start, and in tests), so that the
 * deployer's nonce stays reserved for deterministic deployments. Public on purpose: devnets only.
 */
export const DEVNET_PRICE_KEEPER_PRIVATE_KEY: Hex = keccak256(toHex("payrail devnet price keeper"));

/** Address of the devnet price keeper. */
export const DEVNET_PRICE_KEEPER_ADDRESS: Address = privateKeyToAccount(DEVNET_PRICE_KEEPER_PRIVATE_KEY).address;
