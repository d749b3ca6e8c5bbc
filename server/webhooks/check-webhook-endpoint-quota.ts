import type { Tx } from "../db";
import { env } from "../env";
import { AppError } from "../errors";

/**
 * Refuse another webhook endpoint when the merchant has MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT undeleted ones
 * in this mode (409 `webhook_endpoint_limit_reached`): every event fans out to each of them. Locks the
 * merchant's count for the transaction, so concurrent creations cannot both pass it.
 */
export async function checkWebhookEndpointQuota(
  tx: Tx,
  opts: { merchantId: string; livemode: boolean },
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`webhook-endpoint-quota:${opts.merchantId}`}, 0))`;
  const count = await tx.webhookEndpoint.count({
    where: { merchantId: opts.merchantId, livemode: opts.livemode, deletedAt: null },
  });
  const max = env().MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT;
  if (count >= max) {
    throw new AppError(
      "webhook_endpoint_limit_reached",
      `This merchant has ${count} webhook endpoints in this mode, the most allowed (${max}): delete one first.`,
    );
  }
}
