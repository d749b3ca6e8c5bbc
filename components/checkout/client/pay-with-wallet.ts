// The one-click payment: wagmi's framework-free actions (no React) + viem, loaded only when the
// customer presses "Pay with <wallet>" (main.ts imports this module dynamically, so it is a chunk of
// its own). Nothing here computes an amount: it sends exactly the base units the server put in the invoice.
import {
  BaseError,
  defineChain,
  erc20Abi,
  getAddress,
  InsufficientFundsError,
  SwitchChainError,
  UserRejectedRequestError,
  type Chain,
  type Hash,
} from "viem";
import { arbitrum, base, baseSepolia, bsc, mainnet, optimism, polygon, sepolia } from "viem/chains";
import { createConfig, http, injected, ProviderNotFoundError, type Connector } from "wagmi";
import {
  connect,
  getConnectors,
  sendTransaction,
  switchChain,
  waitForTransactionReceipt,
  writeContract,
} from "wagmi/actions";
import type { NetworkLabel } from "../network-label";

export type WalletStep = "connecting" | "switching" | "confirming";
export type WalletFailure = "rejected" | "switch" | "funds" | "unavailable" | "other";

export interface WalletPaymentRequest {
  /** A DetectedWallet id: an EIP-6963 rdns or "injected". */
  walletId: string;
  network: NetworkLabel;
  /** The invoice's deposit address. */
  to: string;
  /** ERC-20 contract, or null for the network's native coin. */
  tokenAddress: string | null;
  /** Integer string from the server (`amount_due_base_units`). */
  amountBaseUnits: string;
  onStep(step: WalletStep): void;
  /** Called once the transaction is mined (or could not be followed): whether it succeeded. */
  onOutcome?(outcome: "success" | "reverted", hash: Hash): void;
}

export type WalletPaymentResult = { ok: true; hash: Hash } | { ok: false; reason: WalletFailure; detail: string };

// Public chain definitions (their RPC endpoints are public) for the networks of the catalog.
const KNOWN_CHAINS: Record<number, Chain> = Object.fromEntries(
  [mainnet, base, polygon, arbitrum, optimism, bsc, sepolia, baseSepolia].map((c) => [c.id, c]),
);

/** The viem chain of a network: the server's RPC URL for a devnet, the public definition otherwise. */
function chainOf(network: NetworkLabel): Chain {
  const known = KNOWN_CHAINS[network.chainId];
  if (known && !network.rpcUrl) return known;
  return defineChain({
    id: network.chainId,
    name: network.name,
    nativeCurrency: { name: network.nativeSymbol, symbol: network.nativeSymbol, decimals: network.nativeDecimals },
    rpcUrls: { default: { http: network.rpcUrl ? [network.rpcUrl] : [...(known?.rpcUrls.default.http ?? [])] } },
    ...(network.explorerUrl ? { blockExplorers: { default: { name: network.name, url: network.explorerUrl } } } : {}),
  });
}

function failure(error: unknown): WalletPaymentResult {
  const detail =
    error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
  const has = (test: (e: unknown) => boolean) => (error instanceof BaseError ? Boolean(error.walk(test)) : test(error));
  const code = (e: unknown) =>
    typeof e === "object" && e !== null && "code" in e ? (e as { code: unknown }).code : undefined;
  let reason: WalletFailure = "other";
  if (has((e) => e instanceof UserRejectedRequestError || code(e) === 4001)) reason = "rejected";
  else if (has((e) => e instanceof SwitchChainError || code(e) === 4902)) reason = "switch";
  else if (has((e) => e instanceof InsufficientFundsError) || /exceeds balance|insufficient funds/i.test(detail))
    reason = "funds";
  else if (error instanceof ProviderNotFoundError) reason = "unavailable";
  return { ok: false, reason, detail };
}

/**
 * Connect the chosen wallet, switch it to the invoice's chain and send the payment: a native transfer,
 * or the token's `transfer(to, amount)`. Resolves with the transaction hash as soon as the wallet has
 * submitted it (the page then follows the invoice's status), or with why it couldn't.
 */
export async function payWithWallet(req: WalletPaymentRequest): Promise<WalletPaymentResult> {
  const chain = chainOf(req.network);
  const config = createConfig({
    chains: [chain],
    transports: { [chain.id]: http() },
    connectors: [injected()],
    multiInjectedProviderDiscovery: true,
    storage: null,
  });

  try {
    const connectors = getConnectors(config);
    const connector: Connector | undefined =
      connectors.find((c) => c.id === req.walletId) ?? connectors.find((c) => c.id === "injected");
    if (!connector) return { ok: false, reason: "unavailable", detail: `no connector ${req.walletId}` };

    req.onStep("connecting");
    const connection = await connect(config, { connector });
    if (connection.chainId !== chain.id) {
      req.onStep("switching");
      await switchChain(config, { chainId: chain.id, connector });
    }

    req.onStep("confirming");
    const to = getAddress(req.to);
    const amount = BigInt(req.amountBaseUnits);
    const hash = req.tokenAddress
      ? await writeContract(config, {
          connector,
          chainId: chain.id,
          address: getAddress(req.tokenAddress),
          abi: erc20Abi,
          functionName: "transfer",
          args: [to, amount],
        })
      : await sendTransaction(config, { connector, chainId: chain.id, to, value: amount });

    if (req.onOutcome) {
      const onOutcome = req.onOutcome;
      // Best effort: the page's status comes from the server; this only catches a reverted transfer.
      waitForTransactionReceipt(config, { chainId: chain.id, hash }).then(
        (receipt) => onOutcome(receipt.status === "success" ? "success" : "reverted", hash),
        () => {},
      );
    }
    return { ok: true, hash };
  } catch (error) {
    console.error("Wallet payment failed", error);
    return failure(error);
  }
}
