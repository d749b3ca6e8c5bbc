import type { DbClient } from "../db";
import { toBigInt } from "../money";

/** What the ledger says one deposit address holds in one asset, and whose address it is. */
export interface LedgerDepositBalance {
  merchantId: string;
  address: string;
  asset: string;
  amount: bigint;
}

/**
 * What the ledger says each deposit address held at block `atBlock` on a network, per asset, in base units:
 * the custody transfers of payments (and their reversals, which carry the orphaned payment's block, so the
 * pair nets to zero at any height) that are not voided and sit in a block at or below `atBlock`, by the
 * address the payment was sent to; customers' deposits (server/deposits/) the same way, by the customer's address; less the sweeps that moved funds off the address (their transfers credit
 * custody:deposits, carry the sweep item's id as source and get their block when posted, so a pending sweep
 * counts once it is posted at its transaction's confirmations, with the block that mined it). Only addresses with an entry are returned. `merchantId` omitted: every
 * merchant's (the operator's run).
 */
export async function ledgerDepositBalances(
  db: DbClient,
  opts: { networkId: string; livemode: boolean; atBlock: bigint; merchantId?: string },
): Promise<LedgerDepositBalance[]> {
  const merchant = opts.merchantId ?? null;
  const rows = await db.$queryRaw<{ merchant_id: string; address: string; asset: string; amount: string }[]>`
    SELECT t.merchant_id, coalesce(lower(p.to_address), d.to_address, i.address) AS address, t.asset,
           sum(CASE WHEN t.debit_account_id LIKE 'custody:deposits:%' THEN t.amount ELSE -t.amount END)::text AS amount
      FROM ledger_transfers t
      LEFT JOIN payments p ON p.id = t.source_id
      LEFT JOIN deposits d ON d.id = t.source_id
      LEFT JOIN sweep_items i ON i.id = t.source_id
     WHERE (p.id IS NOT NULL OR d.id IS NOT NULL OR i.id IS NOT NULL)
       AND t.network_id = ${opts.networkId}
       AND t.livemode = ${opts.livemode}
       AND t.status <> 'voided'
       AND t.block_number <= ${opts.atBlock}
       AND (t.debit_account_id LIKE 'custody:deposits:%' OR t.credit_account_id LIKE 'custody:deposits:%')
       AND (${merchant}::text IS NULL OR t.merchant_id = ${merchant})
     GROUP BY t.merchant_id, coalesce(lower(p.to_address), d.to_address, i.address), t.asset`;
  return rows.map((r) => ({
    merchantId: r.merchant_id,
    address: r.address,
    asset: r.asset,
    amount: toBigInt(r.amount),
  }));
}
