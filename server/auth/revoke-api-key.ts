import type { Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";

/**
 * Revoke the merchant's API key (of this mode): it authenticates nothing from now on. Revoking twice
 * is a no-op; another merchant's key is a 404. Recorded in the audit log with who did it.
 */
export async function revokeApiKey(
  tx: Tx,
  opts: { id: string; merchantId: string; livemode: boolean; actor: string; now?: Date },
): Promise<void> {
  const key = await tx.apiKey.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
    select: { id: true, prefix: true, name: true, revokedAt: true },
  });
  if (!key) throw new AppError("resource_missing", `No such API key: '${opts.id}'.`, { param: "id" });
  if (key.revokedAt) return;
  await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: opts.now ?? new Date() } });
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    actor: opts.actor,
    action: "api_key.revoked",
    targetType: "api_key",
    targetId: key.id,
    data: { prefix: key.prefix, name: key.name },
  });
}
