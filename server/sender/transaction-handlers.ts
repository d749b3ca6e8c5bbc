import type { Hex } from "viem";
import type { Tx } from "../db";
import type { AccountSpec } from "../ledger/chart-of-accounts";
import type { OutgoingTransactionView } from "./outgoing-transaction-view";

/** The mined receipt a `confirmed` handler receives. */
export interface ConfirmedReceipt {
  status: "success" | "reverted";
  gasUsed: bigint;
  /** Wei per gas actually paid (base fee + tip). */
  effectiveGasPrice: bigint;
  blockNumber: bigint;
  blockHash: Hex;
  transactionHash: Hex;
}

/** What a domain does when its transactions move. Each runs inside the DB transaction that records the event. */
export interface TransactionHandlers {
  /** First time a node accepted the transaction (or it was found mined before that was recorded). */
  submitted?(tx: Tx, t: OutgoingTransactionView): Promise<void>;
  /**
   * Mined with the network's confirmations. A `reverted` receipt is confirmed too (it was mined and paid
   * gas): the domain decides what follows (split and retry, fail). Throwing rolls the confirmation back;
   * the sender tries again on its next pass.
   */
  confirmed(tx: Tx, t: OutgoingTransactionView & { receipt: ConfirmedReceipt }): Promise<void>;
  /** Never mined and given up (an operator failed it while unfreezing its lane). */
  failed?(tx: Tx, t: OutgoingTransactionView, reason: string): Promise<void>;
  /**
   * The ledger account that paid the gas when the sender is not a platform wallet (a deposit key sending its
   * own native balance). Platform wallets need none: the gas wallet credits `operator:gas_wallet`, the hot
   * wallet `operator:hot_wallet_gas`. Without it, a non-platform sender's fee is not posted (logged as an error).
   */
  feeAccount?(t: OutgoingTransactionView): AccountSpec;
  /**
   * The whole fee posting of a transaction from a key that is not a platform wallet, read in the confirming database
   * transaction; preferred over `feeAccount`. For a deposit key that pays its own gas (fallback sweeps): the fee must
   * come off that address in the ledger (credit its custody account, source id its sweep item) and stay within the
   * merchant's accounts (debit the merchant's gas float), so reconciliation per address and per merchant stays exact.
   */
  feePosting?(tx: Tx, t: OutgoingTransactionView): Promise<FeePosting | null>;
}

/** Debit `expense`, credit `paidBy` (the wallet that paid), recorded with `sourceId`. */
export interface FeePosting {
  expense: AccountSpec;
  paidBy: AccountSpec;
  sourceId: string;
}

const registry = new Map<string, TransactionHandlers>();

/**
 * Register the handlers of a purpose (`sweep`, `payout`...), once at import time of the domain module
 * (imported from server/sender/handlers.ts). Registering a purpose again replaces its handlers (a module
 * evaluated twice, as under hot reload, registers the same functions again).
 */
export function registerTransactionHandlers(purpose: string, handlers: TransactionHandlers): void {
  registry.set(purpose, handlers);
}

/** The handlers registered for `purpose`, or undefined. */
export function transactionHandlersFor(purpose: string): TransactionHandlers | undefined {
  return registry.get(purpose);
}
