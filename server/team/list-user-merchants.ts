import type { DbClient } from "../db";
import type { UserMerchant } from "./team.schema";

/** Every merchant the user is a member of, by name. */
export async function listUserMerchants(tx: DbClient, userId: string): Promise<UserMerchant[]> {
  const rows = await tx.membership.findMany({
    where: { userId },
    select: { role: true, merchant: { select: { id: true, slug: true, name: true } } },
    orderBy: { merchant: { name: "asc" } },
  });
  return rows.map((r) => ({ ...r.merchant, role: r.role }));
}
