import { NETWORK_CATALOG } from "../chains/catalog";
import type { DbClient } from "../db";
import { formatDecimal, toBigInt } from "../money";

/** One auto-approval limit: base units of the asset. */
export interface AutoApprovalLimitView {
  network: string;
  asset: string;
  decimals: number;
  amount: bigint;
  /** `amount` as a decimal string of the asset. */
  amountText: string;
  updatedAt: Date;
  updatedBy: string;
}

/** The merchant's live-mode auto-approval limits (none: every live payout waits for a person). */
export async function listAutoApprovalLimits(
  db: DbClient,
  opts: { merchantId: string },
): Promise<AutoApprovalLimitView[]> {
  const rows = await db.payoutAutoApprovalLimit.findMany({
    where: { merchantId: opts.merchantId, livemode: true },
    orderBy: [{ networkId: "asc" }, { asset: "asc" }],
  });
  return rows.map((r) => {
    const network = NETWORK_CATALOG.find((n) => n.id === r.networkId);
    const spec = network && [network.nativeAsset, ...network.tokens].find((a) => a.symbol === r.asset);
    return {
      network: r.networkId,
      asset: r.asset,
      decimals: spec?.decimals ?? 0,
      amount: toBigInt(r.amount),
      amountText: formatDecimal(toBigInt(r.amount), spec?.decimals ?? 0, 2),
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy,
    };
  });
}
