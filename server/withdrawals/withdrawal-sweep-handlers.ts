import type { Tx } from "../db";
import { toBigInt } from "../money";
import { registerSweepHandlers, type SweepView } from "../sweeps/request-sweep";
import { advanceWithdrawal } from "./advance-withdrawal";

/**
 * The gas paid for the transactions that carried a sweep, in the native asset's base units: gasUsed ×
 * effectiveGasPrice of the mined outgoing transactions with those hashes (the fallback's funding transfers are
 * not among them).
 */
async function networkFeeOf(tx: Tx, txHashes: readonly string[]): Promise<bigint> {
  if (txHashes.length === 0) return 0n;
  const [row] = await tx.$queryRaw<{ fee: string | null }[]>`
    SELECT sum(gas_used * effective_gas_price)::text AS fee
      FROM outgoing_transactions
     WHERE lower(mined_hash) = ANY(${txHashes.map((h) => h.toLowerCase())}::text[])`;
  return row?.fee ? toBigInt(row.fee) : 0n;
}

// A withdrawal follows its sweep (purpose "withdrawal", source id = the withdrawal's id), each step in the
// transaction that records the sweep's: submitted at its first broadcast, confirmed when every item moved with
// the network's confirmations (the sweeps post the ledger transfers), failed when given up (the sweeps void them).
registerSweepHandlers("withdrawal", {
  async submitted(tx: Tx, s: SweepView) {
    await advanceWithdrawal(tx, { withdrawalId: s.sourceId, to: "submitted", txHashes: s.txHashes });
  },
  async confirmed(tx: Tx, s: SweepView) {
    await advanceWithdrawal(tx, {
      withdrawalId: s.sourceId,
      to: "confirmed",
      txHashes: s.txHashes,
      networkFee: await networkFeeOf(tx, s.txHashes),
    });
  },
  async failed(tx: Tx, s: SweepView, reason: string) {
    await advanceWithdrawal(tx, { withdrawalId: s.sourceId, to: "failed", txHashes: s.txHashes, reason });
  },
});
