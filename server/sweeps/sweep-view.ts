import type { Tx } from "../db";
import { toBigInt } from "../money";
import type { SweepView } from "./sweep-handlers";

/** The view of a sweep that its requester's handlers receive. */
export async function loadSweepView(tx: Tx, sweepId: string): Promise<SweepView> {
  const s = await tx.sweep.findUniqueOrThrow({
    where: { id: sweepId },
    include: { items: { select: { amount: true, status: true, txHash: true, blockNumber: true, updatedAt: true } } },
  });
  const confirmed = s.items.filter((i) => i.status === "confirmed");
  const hashes = [...confirmed]
    .sort((a, b) => Number((a.blockNumber ?? 0n) - (b.blockNumber ?? 0n)))
    .flatMap((i) => (i.txHash ? [i.txHash] : []));
  return {
    id: s.id,
    key: s.key,
    networkId: s.networkId,
    livemode: s.livemode,
    merchantId: s.merchantId,
    asset: s.asset,
    purpose: s.purpose as SweepView["purpose"],
    sourceId: s.sourceId,
    to: s.toAddress,
    status: s.status as SweepView["status"],
    amount: s.items.reduce((sum, i) => sum + toBigInt(i.amount), 0n),
    sweptAmount: confirmed.reduce((sum, i) => sum + toBigInt(i.amount), 0n),
    txHashes: [...new Set(hashes)],
    blockNumber: confirmed.reduce<bigint | null>(
      (m, i) => (m === null || (i.blockNumber ?? 0n) > m ? i.blockNumber : m),
      null,
    ),
  };
}
