import type { DbClient } from "../db";
import type { AccountSpec } from "../ledger/chart-of-accounts";
import { toBigInt } from "../money";

/**
 * The operator's gas float on one merchant's deposit addresses (`operator:gas_float:{merchant}`, per network, native
 * asset and mode; merchant-scoped so that every posting touching the merchant's custody stays within the merchant's
 * accounts). Credited with the ETH the gas wallet sends a deposit address for a fallback token sweep (the address's
 * custody:deposits is debited: the ETH is on it), debited with the gas the deposit key then pays (its custody is
 * credited). Its balance is the operator's ETH still sitting on those addresses (the unburnt headroom of the gas
 * limits); a debit balance is gas the operator paid for the merchant's native sweeps. Never the merchant's money.
 */
export function gasFloatAccount(scope: {
  merchantId: string;
  livemode: boolean;
  networkId: string;
  asset: string;
}): AccountSpec {
  const code = `operator:gas_float:${scope.merchantId}`;
  return {
    id: `${code}/${scope.networkId}/${scope.asset}/${scope.livemode ? "live" : "test"}`,
    code,
    merchantId: scope.merchantId,
    livemode: scope.livemode,
    networkId: scope.networkId,
    asset: scope.asset,
    debitsMustNotExceedCredits: false,
  };
}

/**
 * Wei of the operator's float on one deposit address: the posted float transfers whose source is a sweep item of
 * that address (fundings in, the deposit key's token-transfer gas out).
 */
export async function gasFloatOnAddress(
  db: DbClient,
  opts: { accountId: string; networkId: string; address: string },
): Promise<bigint> {
  const [row] = await db.$queryRaw<{ amount: string }[]>`
    SELECT coalesce(sum(CASE WHEN t.credit_account_id = ${opts.accountId} THEN t.amount ELSE -t.amount END), 0)::text AS amount
      FROM ledger_transfers t
      JOIN sweep_items i ON i.id = t.source_id
     WHERE i.address = ${opts.address.toLowerCase()}
       AND i.network_id = ${opts.networkId}
       AND t.status = 'posted'
       AND (t.credit_account_id = ${opts.accountId} OR t.debit_account_id = ${opts.accountId})`;
  return toBigInt(row?.amount ?? "0");
}
