import type { DbClient } from "../db";
import { NETWORK_CATALOG } from "../chains/catalog";
import { formatDecimal, toBigInt } from "../money";
import type { PayoutDetail } from "./dashboard-payout.schema";
import { getPayoutOrThrow } from "./get-payout-or-throw";

/**
 * The merchant's payout in this mode with the transaction carrying it (hash, status, block, the whole fee, how
 * many payouts it carries; null until the worker hands it to the sender) and its batch. Another merchant's or
 * mode's is a 404 `resource_missing`.
 */
export async function getPayoutDetail(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<PayoutDetail> {
  const payout = await getPayoutOrThrow(db, opts);
  const row = await db.payout.findUniqueOrThrow({
    where: { id: payout.id },
    select: { outgoingKey: true, batchId: true },
  });
  const [otx, carried, batch] = await Promise.all([
    row.outgoingKey ? db.outgoingTransaction.findUnique({ where: { key: row.outgoingKey } }) : null,
    row.outgoingKey ? db.payout.count({ where: { outgoingKey: row.outgoingKey } }) : 0,
    row.batchId ? db.payoutBatch.findUnique({ where: { id: row.batchId } }) : null,
  ]);
  const network = NETWORK_CATALOG.find((n) => n.id === payout.network);
  const native = network?.nativeAsset ?? { symbol: "ETH", decimals: 18 };
  const hash = otx?.minedHash ?? payout.tx_hash ?? otx?.hash ?? null;
  return {
    payout,
    transaction:
      otx && hash
        ? {
            hash,
            status: otx.status,
            chainId: network?.chainId ?? 0,
            blockNumber: otx.minedBlockNumber?.toString() ?? null,
            fee:
              otx.gasUsed && otx.effectiveGasPrice
                ? formatDecimal(toBigInt(otx.gasUsed) * toBigInt(otx.effectiveGasPrice), native.decimals)
                : null,
            nativeSymbol: native.symbol,
            payouts: carried,
          }
        : null,
    batch: batch
      ? {
          id: batch.id,
          count: batch.count,
          total: formatDecimal(toBigInt(batch.total), batch.decimals, Math.min(2, batch.decimals)),
        }
      : null,
  };
}
