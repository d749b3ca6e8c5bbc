import type { DbClient } from "../db";
import { toBigInt } from "../money";

/** A merchant's balance in one (network, asset), in base units. */
export interface Balance {
  networkId: string;
  asset: string;
  /** Confirmed and spendable: posted credits of `available` less its posted and reserved debits. */
  available: bigint;
  /** Still confirming: pending credits of `available`. */
  pending: bigint;
  /** Taken by payouts, refunds and withdrawals not yet confirmed: pending debits of `available`. */
  reserved: bigint;
  /** Received on invoices that are not settled (in review, short, waiting) or kept for a decided refund. */
  held: bigint;
  /** Where the funds sit: posted balance of the merchant's deposit addresses. */
  custodyDeposits: bigint;
}

/**
 * The merchant's balances per (network, asset) in one mode, read from the stored account totals (one
 * indexed query, whatever the number of transfers). Only pairs that ever had a posting are listed,
 * ordered by network then asset.
 */
export async function getBalances(db: DbClient, opts: { merchantId: string; livemode: boolean }): Promise<Balance[]> {
  const accounts = await db.ledgerAccount.findMany({
    where: { merchantId: opts.merchantId, livemode: opts.livemode },
    select: {
      code: true,
      networkId: true,
      asset: true,
      debitsPending: true,
      debitsPosted: true,
      creditsPending: true,
      creditsPosted: true,
    },
  });
  const byPair = new Map<string, Balance>();
  for (const a of accounts) {
    const key = `${a.networkId}/${a.asset}`;
    const b = byPair.get(key) ?? {
      networkId: a.networkId,
      asset: a.asset,
      available: 0n,
      pending: 0n,
      reserved: 0n,
      held: 0n,
      custodyDeposits: 0n,
    };
    const [dp, dP, cp, cP] = [
      toBigInt(a.debitsPending),
      toBigInt(a.debitsPosted),
      toBigInt(a.creditsPending),
      toBigInt(a.creditsPosted),
    ];
    if (a.code === `merchant:${opts.merchantId}:available`) {
      b.available = cP - dP - dp;
      b.pending = cp;
      b.reserved = dp;
    } else if (a.code === `merchant:${opts.merchantId}:held`) {
      b.held = cP - dP;
    } else if (a.code === `custody:deposits:${opts.merchantId}`) {
      b.custodyDeposits = dP - cP;
    }
    byPair.set(key, b);
  }
  return [...byPair.values()].sort((x, y) => x.networkId.localeCompare(y.networkId) || x.asset.localeCompare(y.asset));
}
