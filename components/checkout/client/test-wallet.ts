/**
 * The e2e hook of the one-click path. Only a script that already runs inside the page (Playwright's
 * `page.addInitScript`) can set `window.__payrailTestWallet = { accounts: ["0x…"] }`; the wallet code
 * then uses wagmi's mock connector for those accounts, and only on a devnet whose RPC URL the server
 * gave the page. There it sends `eth_sendTransaction` to the devnet node, which signs for its unlocked
 * test accounts. Anywhere else it is inert: no real network signs for an account it doesn't hold.
 */
declare global {
  interface Window {
    __payrailTestWallet?: { accounts?: unknown };
  }
}

/** The test wallet's accounts when the flag is set, else null. */
export function testWalletAccounts(): [`0x${string}`, ...`0x${string}`[]] | null {
  if (typeof window === "undefined") return null;
  const accounts = window.__payrailTestWallet?.accounts;
  if (!Array.isArray(accounts) || accounts.length === 0) return null;
  if (!accounts.every((a): a is `0x${string}` => typeof a === "string" && /^0x[0-9a-fA-F]{40}$/.test(a))) return null;
  return accounts as [`0x${string}`, ...`0x${string}`[]];
}
