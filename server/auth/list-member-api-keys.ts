import type { DbClient } from "../db";
import { AppError } from "../errors";

/** An active key a member created: what removing them should offer to revoke. */
export interface MemberApiKey {
  id: string;
  name: string | null;
  prefix: string;
  livemode: boolean;
}

/**
 * The active (unrevoked) API keys of this merchant, both modes, that a member created. Keys outlive their
 * creator's membership, so the team screen lists these before removing someone. Another merchant's
 * membership is a 404.
 */
export async function listMemberApiKeys(
  tx: DbClient,
  opts: { merchantId: string; membershipId: string },
): Promise<MemberApiKey[]> {
  const member = await tx.membership.findFirst({
    where: { id: opts.membershipId, merchantId: opts.merchantId },
    select: { userId: true },
  });
  if (!member)
    throw new AppError("resource_missing", `No such member: '${opts.membershipId}'.`, { param: "membershipId" });
  return tx.apiKey.findMany({
    where: { merchantId: opts.merchantId, createdById: member.userId, revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, name: true, prefix: true, livemode: true },
  });
}
