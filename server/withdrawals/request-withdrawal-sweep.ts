import { getAddress } from "viem";
import type { Tx } from "../db";
import { requestSweep } from "../sweeps/request-sweep";
import type { SweepableDeposit } from "./sweepable-deposit-balances";

/** What a withdrawal asks of the sweeps: move these deposit addresses' balances to the merchant's address. */
export interface WithdrawalSweepRequest {
  /** Idempotency key of the sweep: `withdrawal:{rule}#{sequence}`. */
  key: string;
  withdrawalId: string;
  merchantId: string;
  livemode: boolean;
  networkId: string;
  asset: string;
  /** Lowercase hex: the rule's address. */
  to: string;
  /** The merchant's available account: the sweep's pending transfers reserve the amount from it. */
  debitAccountId: string;
  items: readonly SweepableDeposit[];
}

/**
 * Request the sweep that carries a withdrawal (purpose `withdrawal`, source id the withdrawal's), in the caller's
 * transaction: its pending ledger transfers reserve the amount from `available` (422 `insufficient_balance` past it).
 */
export function requestWithdrawalSweep(tx: Tx, req: WithdrawalSweepRequest): Promise<{ id: string; created: boolean }> {
  return requestSweep(tx, {
    key: req.key,
    networkId: req.networkId,
    livemode: req.livemode,
    merchantId: req.merchantId,
    asset: req.asset,
    to: getAddress(req.to),
    purpose: "withdrawal",
    sourceId: req.withdrawalId,
    debitAccountId: req.debitAccountId,
    sources: req.items.map((i) => ({ address: getAddress(i.address), keyPath: i.keyPath, amount: i.amount })),
  });
}
