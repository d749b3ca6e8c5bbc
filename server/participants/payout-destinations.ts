import type { DbClient, Tx } from "../db";
import { AppError } from "../errors";
import { participantAccount } from "../ledger/chart-of-accounts";
import { toBigInt } from "../money";
import { payoutAddress } from "../payouts/payout-asset";

/** Where one payout goes: an address, and the participant it pays (null for a payout to an address). */
export interface PayoutDestination {
  address: string;
  participantId: string | null;
}

/**
 * The destinations of payouts that name an `address` or a `participant`, in one query for the participants: a
 * participant's payout goes to its address. `param` prefixes the error's parameter (`""` for a single payout,
 * `items[3].` in a batch). Errors: 422 `parameter_missing` on `{param}address` when neither is given, 422
 * `parameter_invalid` on `{param}participant` when both are, or on `{param}address` (payoutAddress), 404
 * `resource_missing` on `{param}participant` when it is not one of the merchant's participants in this mode.
 */
export async function payoutDestinations(
  db: DbClient,
  opts: {
    merchantId: string;
    livemode: boolean;
    items: { address?: string; participant?: string; param: string }[];
  },
): Promise<PayoutDestination[]> {
  const ids = [...new Set(opts.items.flatMap((i) => (i.participant ? [i.participant] : [])))];
  const rows = ids.length
    ? await db.participant.findMany({
        where: { id: { in: ids }, merchantId: opts.merchantId, livemode: opts.livemode },
        select: { id: true, address: true },
      })
    : [];
  const addresses = new Map(rows.map((r) => [r.id, r.address]));
  return opts.items.map((item) => {
    // Exactly one destination: the schema has both optional, so that a missing one reads as missing.
    if (item.participant !== undefined && item.address !== undefined) {
      throw new AppError(
        "parameter_invalid",
        `Invalid ${item.param}participant: pass an address or a participant, not both.`,
        {
          param: `${item.param}participant`,
        },
      );
    }
    if (item.participant === undefined && item.address === undefined) {
      throw new AppError(
        "parameter_missing",
        `Missing required parameter: ${item.param}address (or ${item.param}participant).`,
        {
          param: `${item.param}address`,
        },
      );
    }
    if (item.participant === undefined) {
      return { address: payoutAddress(item.address ?? "", `${item.param}address`), participantId: null };
    }
    const address = addresses.get(item.participant);
    if (address === undefined) {
      throw new AppError("resource_missing", `No such participant: '${item.participant}'.`, {
        param: `${item.param}participant`,
      });
    }
    return { address, participantId: item.participant };
  });
}

/**
 * Live-mode payouts wait for approval unreserved: refuse now (422 `insufficient_balance`) payouts to participants
 * that their balances cannot pay anyway, per participant, network and asset. Test-mode payouts are reserved at once,
 * where the account's CHECK refuses the same.
 */
export async function checkParticipantsAvailable(
  tx: Tx,
  opts: {
    merchantId: string;
    livemode: boolean;
    target: { network: { id: string }; asset: { symbol: string } };
    items: { amount: bigint; participantId?: string | null }[];
  },
): Promise<void> {
  const totals = new Map<string, bigint>();
  for (const i of opts.items)
    if (i.participantId) totals.set(i.participantId, (totals.get(i.participantId) ?? 0n) + i.amount);
  for (const [participantId, total] of totals) {
    const account = await tx.ledgerAccount.findUnique({
      where: {
        id: participantAccount(participantId, {
          merchantId: opts.merchantId,
          livemode: opts.livemode,
          networkId: opts.target.network.id,
          asset: opts.target.asset.symbol,
        }).id,
      },
      select: { creditsPosted: true, debitsPosted: true, debitsPending: true },
    });
    const available = account
      ? toBigInt(account.creditsPosted) - toBigInt(account.debitsPosted) - toBigInt(account.debitsPending)
      : 0n;
    if (total > available) {
      throw new AppError(
        "insufficient_balance",
        `The payout is more than the available balance of participant ${participantId} in this network and asset.`,
      );
    }
  }
}
