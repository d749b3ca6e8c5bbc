import type { DbClient } from "../db";
import type { Role } from "../auth/permissions";

/** The merchant with this slug and the user's role in it, or null when the user is not a member (or no such merchant). */
export async function findMembershipBySlug(
  tx: DbClient,
  opts: { userId: string; slug: string },
): Promise<{ merchant: { id: string; slug: string; name: string }; role: Role } | null> {
  const row = await tx.membership.findFirst({
    where: { userId: opts.userId, merchant: { slug: opts.slug } },
    select: { role: true, merchant: { select: { id: true, slug: true, name: true } } },
  });
  return row ? { merchant: row.merchant, role: row.role } : null;
}
