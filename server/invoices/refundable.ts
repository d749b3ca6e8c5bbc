import type { DbClient } from "../db";
import { refundableByAsset as refundableOfInvoice } from "../refunds/refundable";

/** What can still be refunded of one (network, asset) an invoice received: confirmed payments minus refunds already requested. */
export interface Refundable {
  networkId: string;
  asset: string;
  decimals: number;
  amount: bigint;
}

/**
 * Refundable amounts per (network, asset) of an invoice, in that asset's base units (server/refunds/refundable.ts:
 * confirmed payments less refunds that are not cancelled or failed); only those with something left.
 */
export async function refundableByAsset(
  tx: DbClient,
  invoiceId: string,
  opts: { excludeResolutionId?: string } = {},
): Promise<Refundable[]> {
  return (await refundableOfInvoice(tx, invoiceId, opts))
    .filter((r) => r.refundable > 0n)
    .map((r) => ({ networkId: r.networkId, asset: r.asset, decimals: r.decimals, amount: r.refundable }));
}
