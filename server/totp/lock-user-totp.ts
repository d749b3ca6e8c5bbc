import type { Tx } from "../db";
import type { UserTotp } from "../generated/prisma/client";

/**
 * The user's TOTP row, locked FOR UPDATE until the caller's transaction ends: every check of a code takes this
 * lock, so two requests with the same code are ordered and the second sees the first's step as used.
 */
export async function lockUserTotp(tx: Tx, userId: string): Promise<UserTotp | null> {
  const rows = await tx.$queryRaw<
    { user_id: string }[]
  >`SELECT user_id FROM user_totps WHERE user_id = ${userId} FOR UPDATE`;
  if (rows.length === 0) return null;
  return tx.userTotp.findUnique({ where: { userId } });
}
