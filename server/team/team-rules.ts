import type { Tx } from "../db";
import type { Role } from "../auth/permissions";
import { AppError } from "../errors";

/**
 * Rules on top of the `team:write` permission: only an owner may grant the owner role or change or
 * remove an owner, and a merchant always keeps at least one owner.
 */
export function assertMayManageRole(actorRole: Role, ...touched: Role[]): void {
  if (actorRole !== "owner" && touched.includes("owner")) {
    throw new AppError("forbidden", "Only an owner can grant the owner role or change an owner.");
  }
}

/**
 * Refuses a change that would leave the merchant without an owner. Locks the merchant row, so two
 * owners demoting each other at once cannot both pass;
 */
export async function assertKeepsAnOwner(tx: Tx, opts: { merchantId: string; membershipId: string }): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM merchants WHERE id = ${opts.merchantId} FOR UPDATE`;
  const others = await tx.membership.count({
    where: { merchantId: opts.merchantId, role: "owner", id: { not: opts.membershipId } },
  });
  if (others === 0)
    throw new AppError("conflict", "A merchant needs at least one owner: make someone else an owner first.");
}
