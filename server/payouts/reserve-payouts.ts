import type { Tx } from "../db";
import { AppError } from "../errors";
import { merchantAccount, participantAccount } from "../ledger/chart-of-accounts";
import { ensureAccounts } from "../ledger/ensure-accounts";
import { newId } from "../ids";
import { toBigInt } from "../money";
import { fundingOfRefunds } from "../refunds/refund-funding";

/** The ledger key of a payout's reservation: pending at approval, posted at confirmation, voided otherwise. */
export const payoutTransferKey = (payoutId: string) => `payout:${payoutId}`;

/** What a reservation needs of a payout row. */
export interface ReservablePayout {
  id: string;
  merchantId: string;
  livemode: boolean;
  networkId: string;
  asset: string;
  decimals: number;
  amount: { toString(): string } | bigint;
  /** The participant it pays: its reservation draws on the participant's account, not the merchant's available. */
  participantId?: string | null;
  /** The refund it pays: its reservation is type `refund` on the refund's funding account (refund-funding.ts). */
  refundId?: string | null;
}

/** PostgreSQL's check_violation of the available balance's CHECK (ledger_accounts_debits_within_credits). */
export function isInsufficientBalance(error: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = error;
  // Through Prisma's driver adapter the PostgreSQL error sits in meta.driverAdapterError.cause.
  while (e && typeof e === "object" && !seen.has(e)) {
    seen.add(e);
    const o = e as {
      code?: unknown;
      message?: unknown;
      originalCode?: unknown;
      originalMessage?: unknown;
      constraint?: unknown;
      meta?: { driverAdapterError?: unknown };
      cause?: unknown;
    };
    const text = `${String(o.message ?? "")} ${String(o.originalMessage ?? "")} ${String(o.constraint ?? "")}`;
    if ((o.originalCode === "23514" || o.code === "23514") && text.includes("ledger_accounts_debits_within_credits"))
      return true;
    if (text.includes("ledger_accounts_debits_within_credits")) return true;
    e = o.meta?.driverAdapterError ?? o.cause;
  }
  return false;
}

/**
 * Reserve approved payouts in the ledger, in the caller's transaction: per payout a pending transfer
 * `payout:{id}` (type `payout`) debiting the merchant's `available` and crediting its `custody:hot`. The
 * CHECK on available refuses a reservation beyond it: a 422 `insufficient_balance`, and the caller's
 * transaction (already aborted by PostgreSQL) must roll back, so nothing is created.
 */
export async function reservePayouts(tx: Tx, payouts: ReservablePayout[], at: Date): Promise<void> {
  if (payouts.length === 0) return;
  const scopes = new Map<string, ReservablePayout>();
  for (const p of payouts) scopes.set(`${p.merchantId}/${p.networkId}/${p.asset}/${p.livemode}`, p);
  await ensureAccounts(
    tx,
    [...scopes.values()].flatMap((p) => [
      merchantAccount("available", p),
      merchantAccount("held", p),
      merchantAccount("custody_hot", p),
    ]),
  );
  const refundIds = payouts.flatMap((p) => (p.refundId ? [p.refundId] : []));
  const funding = await fundingOfRefunds(tx, refundIds);
  const refunds = new Map(
    (refundIds.length === 0
      ? []
      : await tx.refund.findMany({ where: { id: { in: refundIds } }, select: { id: true, invoiceId: true } })
    ).map((r) => [r.id, r.invoiceId]),
  );
  await ensureAccounts(
    tx,
    payouts.flatMap((p) => (p.participantId ? [participantAccount(p.participantId, p)] : [])),
  );
  try {
    // One statement for the whole batch: the trigger moves the accounts row by row, and the CHECK refuses it whole.
    await tx.$executeRawUnsafe(
      `INSERT INTO ledger_transfers (id, key, type, status, debit_account_id, credit_account_id, amount, merchant_id, livemode,
                                     network_id, asset, decimals, source_id, invoice_id, description, created_at)
       SELECT t.id, t.key, t.type::"LedgerTransferType", 'pending', t.debit, t.credit, t.amount::numeric, t.merchant_id,
              t.livemode, t.network_id, t.asset, t.decimals, t.source_id, t.invoice_id, t.description, t.created_at::timestamp
         FROM jsonb_to_recordset($1::jsonb) AS t(id text, key text, type text, debit text, credit text, amount text,
              merchant_id text, livemode boolean, network_id text, asset text, decimals int, source_id text, invoice_id text,
              description text, created_at text)
       ON CONFLICT (key) DO NOTHING`,
      JSON.stringify(
        payouts
          .map((p) => ({
            id: newId("txn"),
            key: payoutTransferKey(p.id),
            // A refund's payout: type `refund`, source the refund, on its funding account (`held` or `available`).
            type: p.refundId ? "refund" : "payout",
            debit: merchantAccount(p.refundId && funding.get(p.refundId) === "held" ? "held" : "available", p).id,
            credit: merchantAccount("custody_hot", p).id,
            amount: (typeof p.amount === "bigint" ? p.amount : toBigInt(p.amount.toString())).toString(),
            merchant_id: p.merchantId,
            livemode: p.livemode,
            network_id: p.networkId,
            asset: p.asset,
            decimals: p.decimals,
            source_id: p.refundId ?? p.id,
            invoice_id: p.refundId ? (refunds.get(p.refundId) ?? null) : null,
            description: p.refundId ? `Refund ${p.refundId} (payout ${p.id})` : `Payout ${p.id}`,
            created_at: at.toISOString(),
          }))
          .map((t, i) => {
            // A payout to a participant draws on the participant's account instead (server/participants/).
            const p = payouts[i]!;
            return p.participantId ? { ...t, debit: participantAccount(p.participantId, p).id } : t;
          }),
      ),
    );
  } catch (error) {
    if (isInsufficientBalance(error)) {
      throw new AppError(
        "insufficient_balance",
        "The payout is more than the available balance of this network and asset.",
        { cause: error },
      );
    }
    throw error;
  }
}
