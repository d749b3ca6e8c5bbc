import type { Tx } from "../db";
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
 * Request the sweep that carries a withdrawal (server/sweeps' requestSweep, purpose `withdrawal`), in the caller's
 * transaction. PENDING: server/sweeps/request-sweep.ts has not landed yet; until it does this refuses, and the
 * planner's transaction rolls back with nothing stored.
 */
export async function requestWithdrawalSweep(_tx: Tx, req: WithdrawalSweepRequest): Promise<{ id: string }> {
  throw new Error(`sweeps are not available yet: withdrawal ${req.withdrawalId} not requested`);
}
