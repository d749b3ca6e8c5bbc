/** A wallet the browser offers: an EIP-6963 announcement (`id` is its rdns) or a legacy `window.ethereum`. */
export interface DetectedWallet {
  id: string;
  kind: "eip6963" | "injected";
  name: string | null;
  /** A data: URI image from the announcement, or null. */
  icon: string | null;
}

interface AnnounceDetail {
  info?: { rdns?: unknown; name?: unknown; icon?: unknown };
}

const text = (v: unknown, max: number) => (typeof v === "string" && v.length > 0 && v.length <= max ? v : null);

/**
 * Finds the browser's wallets without loading any wallet library, and calls `onChange` with the
 * whole list each time it grows. EIP-6963: listen for announcements, then ask (wallets answer
 * synchronously, and again whenever one loads late); a wallet that doesn't speak EIP-6963 may still
 * inject the legacy `window.ethereum`.
 */
export function discoverWallets(onChange: (wallets: DetectedWallet[]) => void): void {
  const announced = new Map<string, DetectedWallet>();
  window.addEventListener("eip6963:announceProvider", (event) => {
    const info = (event as CustomEvent<AnnounceDetail>).detail?.info;
    const rdns = text(info?.rdns, 200);
    if (!rdns) return;
    const icon = text(info?.icon, 100_000);
    announced.set(rdns, {
      id: rdns,
      kind: "eip6963",
      name: text(info?.name, 60),
      icon: icon?.startsWith("data:image/") ? icon : null,
    });
    onChange([...announced.values()]);
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  if (announced.size === 0 && (window as { ethereum?: unknown }).ethereum) {
    onChange([{ id: "injected", kind: "injected", name: null, icon: null }]);
  }
}
