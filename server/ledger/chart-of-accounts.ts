/**
 * The chart of accounts. Every account is per (network, asset, mode) and has a deterministic id, so a
 * posting names its accounts without looking them up:
 *
 * - `custody:deposits:{merchant}` (asset, debit-normal): what sits on the merchant's deposit addresses.
 * - `merchant:{merchant}:available` (liability, credit-normal): confirmed and spendable; never below zero.
 * - `merchant:{merchant}:held` (liability): received on invoices that are not settled (in review, short,
 *   or still waiting for the rest), or set aside for a refund the merchant decided.
 *
 * Money out (hot and gas wallets, payouts, withdrawals) adds its accounts here as it lands.
 */

export type AccountRole = "custody_deposits" | "available" | "held";

/** An account as the ledger stores it. */
export interface AccountSpec {
  id: string;
  code: string;
  merchantId: string | null;
  livemode: boolean;
  networkId: string;
  asset: string;
  /** Spendable balances refuse debits beyond their posted credits (a CHECK in PostgreSQL). */
  debitsMustNotExceedCredits: boolean;
}

/** Where an account sits: one merchant's (network, asset, mode). */
export interface AccountScope {
  merchantId: string;
  livemode: boolean;
  networkId: string;
  asset: string;
}

function code(role: AccountRole, merchantId: string): string {
  switch (role) {
    case "custody_deposits":
      return `custody:deposits:${merchantId}`;
    case "available":
      return `merchant:${merchantId}:available`;
    case "held":
      return `merchant:${merchantId}:held`;
  }
}

/** The account of `role` for a merchant's (network, asset, mode). */
export function merchantAccount(role: AccountRole, scope: AccountScope): AccountSpec {
  const c = code(role, scope.merchantId);
  return {
    id: `${c}/${scope.networkId}/${scope.asset}/${scope.livemode ? "live" : "test"}`,
    code: c,
    merchantId: scope.merchantId,
    livemode: scope.livemode,
    networkId: scope.networkId,
    asset: scope.asset,
    debitsMustNotExceedCredits: role === "available",
  };
}
