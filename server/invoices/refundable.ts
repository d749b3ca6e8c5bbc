import type { DbClient } from "../db";
import { toBigInt } from "../money";

/** What can still be refunded of one (network, asset) an invoice received: confirmed payments minus refunds already requested. */
export interface Refundable {
  networkId: string;
  asset: string;
  decimals: number;
  amount: bigint;
}

/** Refundable amounts per (network, asset) of an invoice, in that asset's base units; reorged and unconfirmed payments count for nothing. */
export async function refundableByAsset(tx: DbClient, invoiceId: string): Promise<Refundable[]> {
  const [payments, refunds] = await Promise.all([
    tx.payment.findMany({
      where: { invoiceId, status: "confirmed", dust: false },
      select: { networkId: true, asset: true, decimals: true, amount: true },
    }),
    tx.invoiceResolution.findMany({
      where: { invoiceId, action: "refund" },
      select: { refundNetwork: true, refundAsset: true, refundAmount: true },
    }),
  ]);
  const byKey = new Map<string, Refundable>();
  for (const p of payments) {
    const key = `${p.networkId}/${p.asset}`;
    const entry = byKey.get(key) ?? { networkId: p.networkId, asset: p.asset, decimals: p.decimals, amount: 0n };
    entry.amount += toBigInt(p.amount);
    byKey.set(key, entry);
  }
  for (const r of refunds) {
    const entry = byKey.get(`${r.refundNetwork}/${r.refundAsset}`);
    if (entry && r.refundAmount) entry.amount -= toBigInt(r.refundAmount);
  }
  return [...byKey.values()].filter((r) => r.amount > 0n);
}
