import { env } from "../env";
import type { Tx } from "../db";
import { AppError } from "../errors";

/**
 * Refuse another merchant for a user who already owns MAX_MERCHANTS_PER_USER (409 `merchant_limit_reached`).
 * Takes a transaction-scoped advisory lock on the user first, so concurrent creations by one user are
 * counted one after another and cannot both pass the check.
 */
export async function checkMerchantQuota(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`merchant-quota:${userId}`}, 0))`;
  const owned = await tx.membership.count({ where: { userId, role: "owner" } });
  const max = env().MAX_MERCHANTS_PER_USER;
  if (owned >= max) {
    throw new AppError(
      "merchant_limit_reached",
      `You already own ${owned} merchants, the most one account may own (${max}).`,
    );
  }
}
