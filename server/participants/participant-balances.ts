import type { DbClient } from "../db";
import { participantAccount } from "../ledger/chart-of-accounts";
import { toBigInt } from "../money";

/** A participant's balance in one (network, asset), in base units. */
export interface ParticipantBalance {
  networkId: string;
  asset: string;
  decimals: number | null;
  /** Posted credits (splits) less posted and reserved debits (payouts, reversals): what a payout may still take. */
  available: bigint;
}

/** The ledger code of a participant's accounts (one per network, asset and mode). */
export const participantCode = (merchantId: string, participantId: string) =>
  participantAccount(participantId, { merchantId, livemode: false, networkId: "", asset: "" }).code;

/**
 * The balances of some participants of a merchant in one mode, from the stored account totals (one query): per
 * participant id, one entry per (network, asset) it ever had an account in, ordered by network then asset.
 */
export async function participantBalances(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; participantIds: string[] },
): Promise<Map<string, ParticipantBalance[]>> {
  const byCode = new Map(opts.participantIds.map((id) => [participantCode(opts.merchantId, id), id]));
  const out = new Map<string, ParticipantBalance[]>(opts.participantIds.map((id) => [id, []]));
  if (byCode.size === 0) return out;
  const accounts = await db.ledgerAccount.findMany({
    where: { merchantId: opts.merchantId, livemode: opts.livemode, code: { in: [...byCode.keys()] } },
    select: { code: true, networkId: true, asset: true, creditsPosted: true, debitsPosted: true, debitsPending: true },
    orderBy: [{ networkId: "asc" }, { asset: "asc" }],
  });
  for (const a of accounts) {
    const id = byCode.get(a.code)!;
    out.get(id)!.push({
      networkId: a.networkId,
      asset: a.asset,
      decimals: null,
      available: toBigInt(a.creditsPosted) - toBigInt(a.debitsPosted) - toBigInt(a.debitsPending),
    });
  }
  return out;
}
