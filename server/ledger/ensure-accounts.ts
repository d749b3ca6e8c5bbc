import type { DbClient } from "../db";
import type { AccountSpec } from "./chart-of-accounts";

/** Create the accounts that do not exist yet (an existing account is left as it is). */
export async function ensureAccounts(tx: DbClient, accounts: AccountSpec[]): Promise<void> {
  if (accounts.length === 0) return;
  await tx.ledgerAccount.createMany({
    data: accounts.map((a) => ({
      id: a.id,
      code: a.code,
      merchantId: a.merchantId,
      livemode: a.livemode,
      networkId: a.networkId,
      asset: a.asset,
      debitsMustNotExceedCredits: a.debitsMustNotExceedCredits,
    })),
    skipDuplicates: true,
  });
}
