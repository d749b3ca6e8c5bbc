/**
 * The chart of accounts. Every account is per (network, asset, mode) and has a deterministic id, so a
 * posting names its accounts without looking them up:
 *
 * - `custody:deposits:{merchant}` (asset, debit-normal): what sits on the merchant's deposit addresses.
 * - `merchant:{merchant}:available` (liability, credit-normal): confirmed and spendable; never below zero.
 * - `merchant:{merchant}:held` (liability): received on invoices that are not settled (in review, short,
 *   or still waiting for the rest), or set aside for a refund the merchant decided.
 * - `merchant:{merchant}:dust` (liability): transfers below the asset's minimum credited amount
 *   (server/chains/dust-minimums.ts). They sit on the merchant's deposit addresses, so custody:deposits holds them
 *   (reconciliation compares every address with the chain), but they paid no invoice: not available, not held
 *   for a decision, only swept with the rest of the address.
 *
 * - `custody:hot:{merchant}` (asset): the merchant's share of the platform hot wallet (deposits consolidated
 *   there for payouts and refunds). A consolidation sweep moves custody:deposits → custody:hot; a payout debits
 *   available and credits custody:hot (reserved as pending, posted at its confirmations); a withdrawal (an
 *   auto-withdrawal sweep to the merchant's own address) debits available and credits custody:deposits.
 *
 * - `merchant:{merchant}:participant:{participant}` (liability, never below zero): a marketplace participant's share
 *   of split invoices (type `split`, moved from the merchant's available when the invoice is paid) less its payouts.
 *   Its funds sit in the merchant's custody like the merchant's own (server/participants/).
 *
 * Customers (balance top-ups, server/deposits/): a confirmed deposit to a customer's permanent address posts
 * custody:deposits → `merchant:{merchant}:available` like a paid invoice (type `deposit`), and beside it a memo pair
 * `merchant:{merchant}:customers` (debit-normal) → `merchant:{merchant}:customer:{customer}` (credit-normal) of the same
 * amount: the customer's sub-account tracks what the customer's deposits credited without taking the money out of the
 * merchant's available (the merchant decides what a customer may spend), and the pair balances on its own, so
 * custody still equals the liabilities. Both follow the deposit: pending at detection, posted at its confirmations,
 * voided or reversed when its block is orphaned. A deposit below the asset's minimum posts custody:deposits →
 * `merchant:{merchant}:dust` instead, and no memo pair.
 *
 * Operator accounts (no merchant), per (network, native asset, mode): `operator:network_fees` (expense,
 * debit-normal) is debited with the gas of every transaction we send, crediting the wallet that paid it,
 * `operator:gas_wallet` or `operator:hot_wallet_gas`. Fees never touch a merchant's balance.
 *
 * Operator funding (server/ledger/record-operator-fundings.ts): what the operator sends a platform wallet from an
 * address that is not Payrail's is posted `operator:funding` (equity, credit-normal: what the operator put in) →
 * the wallet's operator account: `operator:gas_wallet` (any asset) for the gas wallet, `operator:hot_wallet_gas` for
 * the hot wallet's native asset and `operator:hot_wallet_funds` for tokens the operator sends the hot wallet (its
 * own, never a merchant's `custody:hot`). Pending at detection, posted at the network's confirmations, voided or
 * reversed when its block is orphaned, so reconciliation's platform wallet lines equal the chain.
 */

export type AccountRole = "custody_deposits" | "custody_hot" | "available" | "held" | "dust";

/** Operator-level accounts: gas spent, the wallets that paid it, and the operator's funding of those wallets. */
export type OperatorAccountRole = "network_fees" | "gas_wallet" | "hot_wallet_gas" | "hot_wallet_funds" | "funding";

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
    case "custody_hot":
      return `custody:hot:${merchantId}`;
    case "dust":
      return `merchant:${merchantId}:dust`;
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

/** The operator account of `role` for a (network, asset, mode); `asset` is the network's native asset for fees. */
export function operatorAccount(
  role: OperatorAccountRole,
  scope: { livemode: boolean; networkId: string; asset: string },
): AccountSpec {
  const c = `operator:${role}`;
  return {
    id: `${c}/${scope.networkId}/${scope.asset}/${scope.livemode ? "live" : "test"}`,
    code: c,
    merchantId: null,
    livemode: scope.livemode,
    networkId: scope.networkId,
    asset: scope.asset,
    debitsMustNotExceedCredits: false,
  };
}

/** A marketplace participant's account in its merchant's (network, asset, mode): spendable, never below zero. */
export function participantAccount(participantId: string, scope: AccountScope): AccountSpec {
  const c = `merchant:${scope.merchantId}:participant:${participantId}`;
  return {
    id: `${c}/${scope.networkId}/${scope.asset}/${scope.livemode ? "live" : "test"}`,
    code: c,
    merchantId: scope.merchantId,
    livemode: scope.livemode,
    networkId: scope.networkId,
    asset: scope.asset,
    debitsMustNotExceedCredits: true,
  };
}

/**
 * A customer's sub-account `merchant:{merchant}:customer:{customer}` and the memo account it is paired with,
 * `merchant:{merchant}:customers`, for a (network, asset, mode): see the chart above.
 */
export function customerAccounts(
  customerId: string,
  scope: AccountScope,
): { customer: AccountSpec; memo: AccountSpec } {
  const mode = scope.livemode ? "live" : "test";
  const spec = (c: string): AccountSpec => ({
    id: `${c}/${scope.networkId}/${scope.asset}/${mode}`,
    code: c,
    merchantId: scope.merchantId,
    livemode: scope.livemode,
    networkId: scope.networkId,
    asset: scope.asset,
    debitsMustNotExceedCredits: false,
  });
  return {
    customer: spec(`merchant:${scope.merchantId}:customer:${customerId}`),
    memo: spec(`merchant:${scope.merchantId}:customers`),
  };
}
