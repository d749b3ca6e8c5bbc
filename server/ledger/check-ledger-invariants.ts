import type { DbClient } from "../db";

/** One broken ledger invariant, for the report. */
export interface LedgerViolation {
  kind: "unbalanced" | "account_totals";
  /** The (network, asset, mode) or account concerned. */
  subject: string;
  detail: string;
}

/**
 * Check the ledger's own invariants over every account: per (network, asset, mode) the debits equal
 * the credits (pending and posted), and every account's stored totals equal the sums of its transfers.
 * Returns the violations (none when the ledger is sound). Reads every transfer: for tests and the
 * operator's reconciliation, not for request paths.
 */
export async function checkLedgerInvariants(
  db: DbClient,
  opts: { merchantId?: string } = {},
): Promise<LedgerViolation[]> {
  const merchant = opts.merchantId ?? null;
  const unbalanced = await db.$queryRaw<
    { network_id: string; asset: string; livemode: boolean; dp: string; dP: string; cp: string; cP: string }[]
  >`
    SELECT network_id, asset, livemode,
           sum(debits_pending)::text AS dp, sum(debits_posted)::text AS "dP", sum(credits_pending)::text AS cp, sum(credits_posted)::text AS "cP"
      FROM ledger_accounts
     WHERE (${merchant}::text IS NULL OR merchant_id = ${merchant})
     GROUP BY network_id, asset, livemode
    HAVING sum(debits_pending) <> sum(credits_pending) OR sum(debits_posted) <> sum(credits_posted)`;
  const drift = await db.$queryRaw<{ id: string; stored: string; summed: string }[]>`
    WITH sums AS (
      SELECT a.id,
             coalesce(sum(t.amount) FILTER (WHERE t.debit_account_id = a.id AND t.status = 'pending'), 0) AS dp,
             coalesce(sum(t.amount) FILTER (WHERE t.debit_account_id = a.id AND t.status = 'posted'), 0) AS "dP",
             coalesce(sum(t.amount) FILTER (WHERE t.credit_account_id = a.id AND t.status = 'pending'), 0) AS cp,
             coalesce(sum(t.amount) FILTER (WHERE t.credit_account_id = a.id AND t.status = 'posted'), 0) AS "cP"
        FROM ledger_accounts a
        LEFT JOIN ledger_transfers t ON t.debit_account_id = a.id OR t.credit_account_id = a.id
       WHERE (${merchant}::text IS NULL OR a.merchant_id = ${merchant})
       GROUP BY a.id
    )
    SELECT a.id,
           concat_ws(' ', a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted) AS stored,
           concat_ws(' ', s.dp, s."dP", s.cp, s."cP") AS summed
      FROM ledger_accounts a JOIN sums s ON s.id = a.id
     WHERE (a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted) IS DISTINCT FROM (s.dp, s."dP", s.cp, s."cP")`;
  return [
    ...unbalanced.map((u) => ({
      kind: "unbalanced" as const,
      subject: `${u.network_id}/${u.asset}/${u.livemode ? "live" : "test"}`,
      detail: `debits pending ${u.dp} posted ${u.dP}, credits pending ${u.cp} posted ${u.cP}`,
    })),
    ...drift.map((d) => ({
      kind: "account_totals" as const,
      subject: d.id,
      detail: `stored ${d.stored}, transfers sum to ${d.summed}`,
    })),
  ];
}
