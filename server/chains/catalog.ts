import type { Address } from "viem";
import { DEVNET_PRICE_FEEDS } from "../pricing/devnet-price-feeds";
import { DEVNET_TOKENS } from "./devnet-tokens";

/** An asset as the catalog knows it: native when `tokenAddress` is null. */
export interface AssetSpec {
  symbol: string;
  decimals: number;
  tokenAddress: Address | null;
}

/** A Chainlink-style aggregator (`latestRoundData()`, `decimals()`) pricing one whole `base` in `quote`. */
export interface PriceFeedSpec {
  base: string;
  quote: string;
  address: Address;
  /** Older answers are refused: the feed's heartbeat plus a margin (`PRICE_FEED_MAX_AGE_SECONDS` overrides). */
  maxAgeSeconds: number;
}

/** A network of the catalog, before configuration decides whether it is on. */
export interface NetworkSpec {
  id: string;
  name: string;
  chainId: number;
  /** Test-mode keys see testnets and devnets; live-mode keys see mainnets. */
  livemode: boolean;
  confirmations: number;
  blockTimeMs: number;
  nativeAsset: AssetSpec;
  tokens: AssetSpec[];
  explorerUrl: string | null;
  /** Price feeds for fiat-priced invoices; a network without one for an asset reads another network's of the same mode. */
  priceFeeds?: readonly PriceFeedSpec[];
  /**
   * EIP-7702 (set-code transactions) is live: deposit addresses are swept by delegation to the sweeper, paid by the
   * gas wallet. Off: each address is funded with its gas and transfers itself (server/sweeps/).
   */
  eip7702: boolean;
}

const eth = (decimals = 18): AssetSpec => ({ symbol: "ETH", decimals, tokenAddress: null });
const token = (symbol: string, tokenAddress: Address, decimals = 6): AssetSpec => ({ symbol, decimals, tokenAddress });
const devnetTokens = DEVNET_TOKENS.map((t) => token(t.symbol, t.address, t.decimals));
// Chainlink's mainnet/testnet feed proxies (8 decimals); max ages are the heartbeat plus 10 min (1 h for daily feeds).
const feed = (pair: `${string}/${string}`, address: Address, maxAgeSeconds: number): PriceFeedSpec => {
  const [base = "", quote = ""] = pair.split("/");
  return { base, quote, address, maxAgeSeconds };
};
// The devnets' own feeds (contracts/DevnetPriceFeed.sol) are refreshed at every start: a day is enough.
const devnetFeeds = DEVNET_PRICE_FEEDS.map((f) => feed(f.pair, f.address, 86_400));

const devnet = <Id extends string>(id: Id, name: string, chainId: number) =>
  ({
    id,
    name,
    chainId,
    livemode: false,
    confirmations: 3,
    blockTimeMs: 1_000,
    nativeAsset: eth(),
    tokens: devnetTokens,
    explorerUrl: null,
    priceFeeds: devnetFeeds,
    // anvil runs with --hardfork prague (scripts/lib/anvil.ts).
    eip7702: true,
  }) satisfies NetworkSpec;

/**
 * The local anvil chains that `npm start`, the tests and the benchmarks run (scripts/lib/stack.ts), with the
 * test tokens and price feeds deployed at the addresses above. Test mode; their RPC URLs come from the stack.
 */
export const DEVNETS = [devnet("devnet", "Devnet", 31337), devnet("devnet-b", "Devnet B", 31338)] as const;
export type DevnetId = (typeof DEVNETS)[number]["id"];

/** Every network Payrail knows. Confirmation targets are defaults; devnets' can be overridden. */
export const NETWORK_CATALOG: readonly NetworkSpec[] = [
  {
    id: "ethereum",
    name: "Ethereum",
    chainId: 1,
    livemode: true,
    confirmations: 12,
    blockTimeMs: 12_000,
    nativeAsset: eth(),
    tokens: [
      token("USDC", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
      token("USDT", "0xdAC17F958D2ee523a2206206994597C13D831ec7"),
    ],
    explorerUrl: "https://etherscan.io",
    eip7702: true,
    priceFeeds: [
      feed("ETH/USD", "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419", 4_200),
      feed("EUR/USD", "0xb49f677943BC038e9857d61E7d053CaA2C1734C1", 90_000),
    ],
  },
  {
    id: "base",
    name: "Base",
    chainId: 8453,
    livemode: true,
    confirmations: 10,
    blockTimeMs: 2_000,
    nativeAsset: eth(),
    tokens: [token("USDC", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")],
    explorerUrl: "https://basescan.org",
    eip7702: true,
    priceFeeds: [feed("ETH/USD", "0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70", 1_800)],
  },
  {
    id: "polygon",
    name: "Polygon",
    chainId: 137,
    livemode: true,
    confirmations: 128,
    blockTimeMs: 2_000,
    nativeAsset: { symbol: "POL", decimals: 18, tokenAddress: null },
    tokens: [
      token("USDC", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"),
      token("USDT", "0xc2132D05D31c914a87C6611C10748AEb04B58e8F"),
    ],
    explorerUrl: "https://polygonscan.com",
    eip7702: true,
  },
  {
    id: "arbitrum",
    name: "Arbitrum One",
    chainId: 42161,
    livemode: true,
    confirmations: 30,
    blockTimeMs: 250,
    nativeAsset: eth(),
    tokens: [
      token("USDC", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831"),
      token("USDT", "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9"),
    ],
    explorerUrl: "https://arbiscan.io",
    eip7702: true,
    priceFeeds: [feed("ETH/USD", "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612", 90_000)],
  },
  {
    id: "optimism",
    name: "OP Mainnet",
    chainId: 10,
    livemode: true,
    confirmations: 10,
    blockTimeMs: 2_000,
    nativeAsset: eth(),
    tokens: [
      token("USDC", "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85"),
      token("USDT", "0x94b008aA00579c1307B0EF2c499aD98a8ce58e58"),
    ],
    explorerUrl: "https://optimistic.etherscan.io",
    eip7702: true,
    priceFeeds: [feed("ETH/USD", "0x13e3Ee699D1909E989722E753853AE30b17e08c5", 1_800)],
  },
  {
    id: "bsc",
    name: "BNB Smart Chain",
    chainId: 56,
    livemode: true,
    confirmations: 15,
    blockTimeMs: 3_000,
    nativeAsset: { symbol: "BNB", decimals: 18, tokenAddress: null },
    tokens: [
      token("USDC", "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", 18),
      token("USDT", "0x55d398326f99059fF775485246999027B3197955", 18),
    ],
    explorerUrl: "https://bscscan.com",
    eip7702: true,
  },
  {
    id: "sepolia",
    name: "Sepolia",
    chainId: 11155111,
    livemode: false,
    confirmations: 3,
    blockTimeMs: 12_000,
    nativeAsset: eth(),
    tokens: [token("USDC", "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238")],
    explorerUrl: "https://sepolia.etherscan.io",
    eip7702: true,
    priceFeeds: [feed("ETH/USD", "0x694AA1769357215DE4FAC081bf1f309aDC325306", 4_200)],
  },
  {
    id: "base-sepolia",
    name: "Base Sepolia",
    chainId: 84532,
    livemode: false,
    confirmations: 3,
    blockTimeMs: 2_000,
    nativeAsset: eth(),
    tokens: [token("USDC", "0x036CbD53842c5426634e7929541eC2318f3dCF7e")],
    explorerUrl: "https://sepolia.basescan.org",
    eip7702: true,
    priceFeeds: [feed("ETH/USD", "0x4aDC67696bA383F43DD60A9e78F2C97Fbbfc7cb1", 1_800)],
  },
  ...DEVNETS,
];

/** A network id as env variables spell it: capitals, dashes as underscores (`base-sepolia` → `BASE_SEPOLIA`). */
function envName(networkId: string): string {
  return networkId.toUpperCase().replaceAll("-", "_");
}

/** The env variable holding a network's RPC URL (`RPC_URL_BASE_SEPOLIA`); the network is on when it is set. */
export function rpcEnvKey(networkId: string): `RPC_URL_${string}` {
  return `RPC_URL_${envName(networkId)}`;
}

/**
 * The env variable holding a network's WebSocket RPC URL for head subscriptions (`RPC_WS_URL_BASE`):
 * a `ws://` or `wss://` URL, or `off`. Unset, devnets use their RPC URL with ws:// and other networks poll.
 */
export function wsEnvKey(networkId: string): `RPC_WS_URL_${string}` {
  return `RPC_WS_URL_${envName(networkId)}`;
}

/** The env variable overriding a network's required confirmations (`CONFIRMATIONS_DEVNET_B`). */
export function confirmationsEnvKey(networkId: string): `CONFIRMATIONS_${string}` {
  return `CONFIRMATIONS_${envName(networkId)}`;
}

/** Whether an id names one of the DEVNETS. */
export function isDevnetId(id: string): id is DevnetId {
  return DEVNETS.some((devnet) => devnet.id === id);
}
