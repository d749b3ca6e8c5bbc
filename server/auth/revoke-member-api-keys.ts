import type { Tx } from "../db";
import { AppError } from "../errors";
import { revokeApiKey } from "./revoke-api-key";

/**
 * Revoke the chosen active keys a member created in this merchant (both modes), each audited as
 * `api_key.revoked` by `actor`: what the team screen does on removing someone, in the removal's transaction.
 * An id that is not one of the member's keys here is a 404, so nothing else can be revoked this way.
 */
export async function revokeMemberApiKeys(
  tx: Tx,
  opts: { merchantId: string; membershipId: string; ids: readonly string[]; actor: string },
): Promise<void> {
  if (opts.ids.length === 0) return;
  const member = await tx.membership.findFirst({
    where: { id: opts.membershipId, merchantId: opts.merchantId },
    select: { userId: true },
  });
  if (!member)
    throw new AppError("resource_missing", `No such member: '${opts.membershipId}'.`, { param: "membershipId" });
  const keys = await tx.apiKey.findMany({
    where: { id: { in: [...opts.ids] }, merchantId: opts.merchantId, createdById: member.userId },
    select: { id: true, livemode: true },
  });
  const missing = opts.ids.find((id) => !keys.some((k) => k.id === id));
  if (missing)
    throw new AppError("resource_missing", `No such API key of this member: '${missing}'.`, {
      param: "revokeApiKeyIds",
    });
  for (const key of keys) {
    await revokeApiKey(tx, { id: key.id, merchantId: opts.merchantId, livemode: key.livemode, actor: opts.actor });
  }
}
