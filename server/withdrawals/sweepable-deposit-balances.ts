import type { DbClient } from "../db";
import { merchantAccount } from "../ledger/chart-of-accounts";
import { toBigInt } from "../money";

/** A deposit address whose balance of one asset can be swept now: confirmed in the ledger, nothing in flight. */
export interface SweepableDeposit {
  /** Lowercase hex. */
  address: string;
  /** The HD path of its key (the sweep signs its EIP-7702 authorization with it). */
  keyPath: string;
  /** Base units: what the ledger says the address holds (a withdrawal may take part of it). */
  amount: bigint;
}

/**
 * The merchant's deposit addresses (invoices' and customers' permanent ones) holding `asset` on a network that a sweep
 * may take now, largest first: the ledger's balance per address (its payments' and deposits' custody transfers, reversals netted, less what earlier sweep items
 * took, whole or in part: a partial withdrawal's rest shows here again once its item is confirmed), leaving out any
 * address with a payment of this asset still confirming (a reorg could still take it back) or with a sweep item
 * still in flight.
 */
export async function sweepableDepositBalances(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; networkId: string; asset: string },
): Promise<SweepableDeposit[]> {
  const custody = merchantAccount("custody_deposits", opts).id;
  const rows = await db.$queryRaw<{ address: string; key_path: string; amount: string }[]>`
    WITH received AS (
      SELECT coalesce(lower(p.to_address), dp.to_address) AS address,
             sum(CASE WHEN t.debit_account_id = ${custody} THEN t.amount ELSE -t.amount END) AS amount,
             bool_or(t.status = 'pending') AS confirming
        FROM ledger_transfers t
        LEFT JOIN payments p ON p.id = t.source_id
        LEFT JOIN deposits dp ON dp.id = t.source_id
       WHERE t.merchant_id = ${opts.merchantId}
         AND t.network_id = ${opts.networkId}
         AND t.livemode = ${opts.livemode}
         AND t.asset = ${opts.asset}
         AND t.status <> 'voided'
         AND (t.debit_account_id = ${custody} OR t.credit_account_id = ${custody})
         AND (p.id IS NOT NULL OR dp.id IS NOT NULL)
       GROUP BY coalesce(lower(p.to_address), dp.to_address)
    ), swept AS (
      SELECT i.address, sum(i.amount) AS amount, bool_or(i.status NOT IN ('confirmed', 'failed')) AS in_flight
        FROM sweep_items i
       WHERE i.merchant_id = ${opts.merchantId}
         AND i.network_id = ${opts.networkId}
         AND i.livemode = ${opts.livemode}
         AND i.asset = ${opts.asset}
         AND i.status <> 'failed'
       GROUP BY i.address
    )
    SELECT r.address, d.derivation_path AS key_path, (r.amount - coalesce(s.amount, 0))::text AS amount
      FROM received r
      JOIN (SELECT address, derivation_path FROM deposit_addresses
             UNION ALL
            SELECT deposit_address, derivation_path FROM customers) d ON d.address = r.address
      LEFT JOIN swept s ON s.address = r.address
     WHERE NOT r.confirming
       -- Taken by an open sweep item of any asset or purpose (sweep_address_locks): a sweep at a time per address.
       AND NOT EXISTS (SELECT 1 FROM sweep_address_locks l WHERE l.network_id = ${opts.networkId} AND l.address = r.address)
       AND NOT coalesce(s.in_flight, false)
       AND r.amount - coalesce(s.amount, 0) > 0
     ORDER BY r.amount - coalesce(s.amount, 0) DESC, r.address`;
  return rows.map((r) => ({ address: r.address, keyPath: r.key_path, amount: toBigInt(r.amount) }));
}

/** One address's share of a withdrawal: the sweeper moves exactly `amount` from it, the rest staying on it. */
export interface DepositShare {
  /** Lowercase hex. */
  address: string;
  keyPath: string;
  /** Base units, > 0 and at most the address's sweepable balance. */
  amount: bigint;
}

/**
 * What a withdrawal of `target` takes from the sweepable balances (largest first, as sweepableDepositBalances orders
 * them): each address whole while it fits, then only the part still needed from the next one, whose rest stays on
 * it (swept by a later withdrawal). The shares sum to `target`, or to every balance when they do not cover it. A
 * part below `minPart` is not taken (the sum is then less than `target`): native coins swept by their deposit key
 * pay their gas out of the part, so a part too small for its gas is never made. Pure; bigint base units.
 */
export function takeFromDeposits(
  candidates: readonly SweepableDeposit[],
  target: bigint,
  opts: { minPart?: bigint } = {},
): DepositShare[] {
  const shares: DepositShare[] = [];
  let left = target;
  for (const c of candidates) {
    if (left <= 0n) break;
    if (c.amount <= left) {
      shares.push({ address: c.address, keyPath: c.keyPath, amount: c.amount });
      left -= c.amount;
    } else if (left >= (opts.minPart ?? 1n)) {
      shares.push({ address: c.address, keyPath: c.keyPath, amount: left });
      left = 0n;
    }
  }
  return shares;
}
