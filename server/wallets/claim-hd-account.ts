import type { Tx } from "../db";
import { AppError } from "../errors";

/**
 * Take one unassigned merchant HD account from the pool (`hd_accounts`, filled by the worker: see
 * fill-hd-account-pool.ts) for a merchant being created in the caller's transaction: the lowest ready index,
 * locked with FOR UPDATE SKIP LOCKED so that concurrent creations take different rows without waiting on each
 * other. `assign` creates the merchant with that index (and returns its id); the row then records the merchant,
 * and the merchant's unique `hd_account_index` and the row's unique `merchant_id` keep the pairing one to one.
 * Must run inside a transaction: the lock is what keeps the row from a second taker. An empty pool is a 503
 * `service_unavailable`: no seed is needed here, and none is used.
 */
export async function claimHdAccount<T extends { id: string }>(
  tx: Tx,
  assign: (hdAccountIndex: number) => Promise<T>,
): Promise<T> {
  const [row] = await tx.$queryRaw<{ index: number }[]>`
    SELECT index FROM hd_accounts
     WHERE merchant_id IS NULL AND xpub_test IS NOT NULL
     ORDER BY index LIMIT 1
       FOR UPDATE SKIP LOCKED`;
  if (!row) {
    throw new AppError(
      "service_unavailable",
      "No merchant account keys are ready: the worker prepares them (an operator can run `payrail keys fill-pool`). Try again in a minute.",
    );
  }
  const created = await assign(row.index);
  await tx.$executeRaw`UPDATE hd_accounts SET merchant_id = ${created.id} WHERE index = ${row.index}`;
  return created;
}
