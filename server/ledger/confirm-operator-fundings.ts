import type { Tx } from "../db";
import { OPERATOR_FUNDING_KEY_PREFIX } from "./operator-funding-accounts";

/**
 * In the scan's transaction, once the cursor is at `height`: the network's pending operator fundings whose block has
 * the network's confirmations (block ≤ height − confirmations + 1) become `confirmed`, and their pending ledger
 * entries are posted (record-operator-fundings.ts). Conditional updates: confirming twice posts nothing twice.
 * Returns how many were confirmed.
 */
export async function confirmOperatorFundings(
  tx: Tx,
  opts: { networkId: string; height: bigint; confirmations: number; now: Date },
): Promise<number> {
  const deepest = opts.height - BigInt(opts.confirmations) + 1n;
  const confirmed = await tx.$queryRaw<{ id: string }[]>`
    UPDATE operator_fundings SET status = 'confirmed', confirmed_at = ${opts.now}, updated_at = ${opts.now}
     WHERE network_id = ${opts.networkId} AND status = 'pending' AND block_number <= ${deepest}
    RETURNING id`;
  if (confirmed.length === 0) return 0;
  await tx.ledgerTransfer.updateMany({
    where: {
      sourceId: { in: confirmed.map((r) => r.id) },
      key: { startsWith: OPERATOR_FUNDING_KEY_PREFIX },
      status: "pending",
    },
    data: { status: "posted", postedAt: opts.now },
  });
  return confirmed.length;
}
