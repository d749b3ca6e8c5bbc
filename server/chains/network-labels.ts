import { NETWORK_CATALOG } from "./catalog";
import { enabledNetworks } from "./networks";

/** What the hosted page knows about a network: its name, explorer, and what a browser wallet needs to reach it. */
export interface NetworkLabel {
  name: string;
  explorerUrl: string | null;
  chainId: number;
  nativeSymbol: string;
  nativeDecimals: number;
  /** Set for local devnets only (see networkLabels). */
  rpcUrl: string | null;
}

/**
 * Labels of every catalog network, by id: a few hundred bytes, so a payment that later arrives on
 * another network still shows a name. Built on the server (the hosted page's getServerSideProps) so the catalog never ships to the browser.
 *
 * Only the local devnets carry their RPC URL (the browser wallet needs it to reach a chain no public
 * list knows). Other networks' RPC URLs often embed a provider's API key and never leave the server;
 * the wallet code uses their public defaults instead.
 */
export function networkLabels(): Record<string, NetworkLabel> {
  // Once per call, not once per catalog network: every page view builds these.
  const rpcUrls = new Map(enabledNetworks().map((n) => [n.id, n.rpcUrl]));
  return Object.fromEntries(
    NETWORK_CATALOG.map((n) => [
      n.id,
      {
        name: n.name,
        explorerUrl: n.explorerUrl,
        chainId: n.chainId,
        nativeSymbol: n.nativeAsset.symbol,
        nativeDecimals: n.nativeAsset.decimals,
        rpcUrl: n.id.startsWith("devnet") ? (rpcUrls.get(n.id) ?? null) : null,
      } satisfies NetworkLabel,
    ]),
  );
}
