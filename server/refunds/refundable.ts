import type { DbClient } from "../db";
import { toBigInt } from "../money";

/** What can still be refunded of one (network, asset) an invoice received, in that asset's base units. */
export interface RefundableAsset {
  networkId: string;
  asset: string;
  decimals: number;
  /** Confirmed received (reorged and unconfirmed payments count for nothing; dust is never credited). */
  received: bigint;
  /** `received` less the refunds that are not cancelled or failed (and refund decisions recorded before refunds existed). */
  refundable: bigint;
}

/**
 * Per (network, asset) the invoice received, what is still refundable. Refunds in `cancelled` or `failed` give their
 * amount back. A `resolve` refund decision recorded before refunds existed (a resolution no refund row points at)
 * still counts, except `excludeResolutionId`: the decision a refund is being created for right now.
 */
export async function refundableByAsset(
  tx: DbClient,
  invoiceId: string,
  opts: { excludeResolutionId?: string } = {},
): Promise<RefundableAsset[]> {
  const [payments, refunds, resolutions] = await Promise.all([
    tx.payment.findMany({
      where: { invoiceId, status: "confirmed", dust: false },
      select: { networkId: true, asset: true, decimals: true, amount: true },
    }),
    tx.refund.findMany({
      where: { invoiceId },
      select: { networkId: true, asset: true, amount: true, status: true, resolutionId: true },
    }),
    tx.invoiceResolution.findMany({
      where: { invoiceId, action: "refund" },
      select: { id: true, refundNetwork: true, refundAsset: true, refundAmount: true },
    }),
  ]);
  const byKey = new Map<string, RefundableAsset>();
  for (const p of payments) {
    const key = `${p.networkId}/${p.asset}`;
    const entry = byKey.get(key) ?? {
      networkId: p.networkId,
      asset: p.asset,
      decimals: p.decimals,
      received: 0n,
      refundable: 0n,
    };
    entry.received += toBigInt(p.amount);
    entry.refundable += toBigInt(p.amount);
    byKey.set(key, entry);
  }
  const take = (networkId: string | null, asset: string | null, amount: bigint) => {
    const entry = byKey.get(`${networkId}/${asset}`);
    if (entry) entry.refundable -= amount;
  };
  const withRefund = new Set(refunds.flatMap((r) => (r.resolutionId ? [r.resolutionId] : [])));
  for (const r of refunds)
    if (r.status !== "cancelled" && r.status !== "failed") take(r.networkId, r.asset, toBigInt(r.amount));
  for (const r of resolutions) {
    if (withRefund.has(r.id) || r.id === opts.excludeResolutionId || !r.refundAmount) continue;
    take(r.refundNetwork, r.refundAsset, toBigInt(r.refundAmount));
  }
  for (const entry of byKey.values()) if (entry.refundable < 0n) entry.refundable = 0n;
  return [...byKey.values()];
}
