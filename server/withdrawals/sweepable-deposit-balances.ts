import type { DbClient } from "../db";
import { merchantAccount } from "../ledger/chart-of-accounts";
import { toBigInt } from "../money";

/** A deposit address whose whole balance of one asset can be swept now: confirmed in the ledger, nothing in flight. */
export interface SweepableDeposit {
  /** Lowercase hex. */
  address: string;
  /** The HD path of its key (the sweep signs its EIP-7702 authorization with it). */
  keyPath: string;
  /** Base units: what the ledger says the address holds, which a sweep moves whole. */
  amount: bigint;
}

/**
 * The merchant's deposit addresses (invoices' and customers' permanent ones) holding `asset` on a network that a sweep
 * may take now, largest first: the ledger's balance per address (its payments' and deposits' custody transfers, reversals netted, less what earlier sweep items
 * took), leaving out any address with a payment of this asset still confirming (the sweeper moves the whole
 * on-chain balance, so unconfirmed funds would leave with it) or with a sweep item still in flight.
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

/**
 * The addresses a withdrawal of at most `limit` takes: largest first, each whole, skipping any that would pass the
 * limit. Their sum is the withdrawal's amount (equal to `limit` when the balances allow it).
 */
export function chooseDeposits(candidates: readonly SweepableDeposit[], limit: bigint): SweepableDeposit[] {
  const chosen: SweepableDeposit[] = [];
  let left = limit;
  for (const c of candidates) {
    if (c.amount <= left) {
      chosen.push(c);
      left -= c.amount;
    }
    if (left === 0n) break;
  }
  return chosen;
}
