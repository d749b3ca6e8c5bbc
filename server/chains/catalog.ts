import type { Address } from "viem";
import { DEVNET_TOKENS } from "./devnet-tokens";

/** An asset as the catalog knows it: native when `tokenAddress` is null. */
export interface AssetSpec {
  symbol: string;
  decimals: number;
  tokenAddress: Address | null;
}

/** A network of the catalog, before configuration decides whether it is on. */
export interface NetworkSpec {
  id: string;
  name: string;
  chainId: number;
  /** Test-mode keys see testnets and devnets; live-mode keys see mainnets. */
  livemode: boolean;
  /** Name of the env variable holding the RPC URL; the network is on when it is set. */
  rpcEnv: string;
  confirmations: number;
  blockTimeMs: number;
  nativeAsset: AssetSpec;
  tokens: AssetSpec[];
  explorerUrl: string | null;
}

const eth = (decimals = 18): AssetSpec => ({ symbol: "ETH", decimals, tokenAddress: null });
const token = (symbol: string, tokenAddress: Address, decimals = 6): AssetSpec => ({ symbol, decimals, tokenAddress });
const devnetTokens = DEVNET_TOKENS.map((t) => token(t.symbol, t.address, t.decimals));

/** Every network Payrail knows. Confirmation targets are defaults; devnets' can be overridden. */
export const NETWORK_CATALOG: readonly NetworkSpec[] = [
  { id: "ethereum", name: "Ethereum", chainId: 1, livemode: true, rpcEnv: "RPC_URL_ETHEREUM", confirmations: 12, blockTimeMs: 12_000, nativeAsset: eth(),
    tokens: [token("USDC", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"), token("USDT", "0xdAC17F958D2ee523a2206206994597C13D831ec7")], explorerUrl: "https://etherscan.io" },
  { id: "base", name: "Base", chainId: 8453, livemode: true, rpcEnv: "RPC_URL_BASE", confirmations: 10, blockTimeMs: 2_000, nativeAsset: eth(),
    tokens: [token("USDC", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")], explorerUrl: "https://basescan.org" },
  { id: "polygon", name: "Polygon", chainId: 137, livemode: true, rpcEnv: "RPC_URL_POLYGON", confirmations: 128, blockTimeMs: 2_000,
    nativeAsset: { symbol: "POL", decimals: 18, tokenAddress: null },
    tokens: [token("USDC", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"), token("USDT", "0xc2132D05D31c914a87C6611C10748AEb04B58e8F")], explorerUrl: "https://polygonscan.com" },
  { id: "arbitrum", name: "Arbitrum One", chainId: 42161, livemode: true, rpcEnv: "RPC_URL_ARBITRUM", confirmations: 30, blockTimeMs: 250, nativeAsset: eth(),
    tokens: [token("USDC", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831"), token("USDT", "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9")], explorerUrl: "https://arbiscan.io" },
  { id: "optimism", name: "OP Mainnet", chainId: 10, livemode: true, rpcEnv: "RPC_URL_OPTIMISM", confirmations: 10, blockTimeMs: 2_000, nativeAsset: eth(),
    tokens: [token("USDC", "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85"), token("USDT", "0x94b008aA00579c1307B0EF2c499aD98a8ce58e58")], explorerUrl: "https://optimistic.etherscan.io" },
  { id: "bsc", name: "BNB Smart Chain", chainId: 56, livemode: true, rpcEnv: "RPC_URL_BSC", confirmations: 15, blockTimeMs: 3_000,
    nativeAsset: { symbol: "BNB", decimals: 18, tokenAddress: null },
    tokens: [token("USDC", "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", 18), token("USDT", "0x55d398326f99059fF775485246999027B3197955", 18)], explorerUrl: "https://bscscan.com" },
  { id: "sepolia", name: "Sepolia", chainId: 11155111, livemode: false, rpcEnv: "RPC_URL_SEPOLIA", confirmations: 3, blockTimeMs: 12_000, nativeAsset: eth(),
    tokens: [token("USDC", "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238")], explorerUrl: "https://sepolia.etherscan.io" },
  { id: "base-sepolia", name: "Base Sepolia", chainId: 84532, livemode: false, rpcEnv: "RPC_URL_BASE_SEPOLIA", confirmations: 3, blockTimeMs: 2_000, nativeAsset: eth(),
    tokens: [token("USDC", "0x036CbD53842c5426634e7929541eC2318f3dCF7e")], explorerUrl: "https://sepolia.basescan.org" },
  { id: "devnet", name: "Devnet", chainId: 31337, livemode: false, rpcEnv: "RPC_URL_DEVNET", confirmations: 3, blockTimeMs: 1_000, nativeAsset: eth(),
    tokens: devnetTokens, explorerUrl: null },
  { id: "devnet-b", name: "Devnet B", chainId: 31338, livemode: false, rpcEnv: "RPC_URL_DEVNET_B", confirmations: 3, blockTimeMs: 1_000, nativeAsset: eth(),
    tokens: devnetTokens, explorerUrl: null },
];
