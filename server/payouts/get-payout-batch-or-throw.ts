import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { PayoutBatchResponse } from "./payout.schema";
import { serializePayoutBatch } from "./serialize-payout";

/** The merchant's batch in this mode with its status and transaction hashes; another's is a 404. */
export async function getPayoutBatchOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<PayoutBatchResponse> {
  const batch = await db.payoutBatch.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
  });
  if (!batch) throw new AppError("resource_missing", `No such payout batch: '${opts.id}'.`, { param: "id" });
  const [counts, hashes] = await Promise.all([
    db.payout.groupBy({ by: ["status"], where: { batchId: batch.id }, _count: { _all: true } }),
    db.payout.findMany({
      where: { batchId: batch.id, txHash: { not: null } },
      distinct: ["txHash"],
      select: { txHash: true },
      orderBy: { txHash: "asc" },
    }),
  ]);
  return serializePayoutBatch(
    batch,
    Object.fromEntries(counts.map((c) => [c.status, c._count._all])),
    hashes.map((h) => h.txHash!),
  );
}
