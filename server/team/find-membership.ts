import type { DbClient } from "../db";
import type { Role } from "../auth/permissions";

/** The user's role in the merchant, or null when the user is not a member. */
export async function findMembership(
  tx: DbClient,
  opts: { userId: string; merchantId: string },
): Promise<{ id: string; role: Role } | null> {
  return tx.membership.findUnique({
    where: { userId_merchantId: { userId: opts.userId, merchantId: opts.merchantId } },
    select: { id: true, role: true },
  });
}
