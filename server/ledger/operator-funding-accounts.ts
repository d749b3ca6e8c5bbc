import { operatorAccount, type AccountSpec } from "./chart-of-accounts";

/** Ledger keys of operator funding entries start with this: `opf:{fundingId}@{blockHash}` (and `...:reversal`). */
export const OPERATOR_FUNDING_KEY_PREFIX = "opf:";

/**
 * The two accounts of an operator funding (chart-of-accounts.ts): debit the wallet's operator account
 * (`operator:gas_wallet` for the gas wallet; for the hot wallet `operator:hot_wallet_gas` in its native asset, which
 * its fees are credited to, or `operator:hot_wallet_funds` for a token), credit `operator:funding`.
 */
export function operatorFundingAccounts(f: {
  role: "gas" | "hot";
  livemode: boolean;
  networkId: string;
  asset: string;
  native: boolean;
}): { wallet: AccountSpec; funding: AccountSpec } {
  const scope = { livemode: f.livemode, networkId: f.networkId, asset: f.asset };
  const wallet =
    f.role === "gas"
      ? operatorAccount("gas_wallet", scope)
      : operatorAccount(f.native ? "hot_wallet_gas" : "hot_wallet_funds", scope);
  return { wallet, funding: operatorAccount("funding", scope) };
}
