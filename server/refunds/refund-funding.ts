import type { DbClient } from "../db";
import type { RefundFunding } from "../generated/prisma/client";
import { merchantAccount } from "../ledger/chart-of-accounts";
import { toBigInt } from "../money";

/**
 * Which ledger account a refund's payout draws on, decided once when the refund is created:
 *
 * - A `paid` invoice's money went to the merchant's `available` when it was paid: its refunds draw on `available`
 *   (the CHECK on available refuses one it cannot cover: 422 `insufficient_balance`).
 * - A `refunded` invoice (resolved with `refund` after a review) had the decided amount moved to `held` by
 *   syncInvoiceLedger and kept there: its refund draws on `held`, as far as what is still held for that invoice
 *   covers the whole refund; a further refund beyond it (the rest of what it received was released to available)
 *   draws on `available`.
 *
 * The reservation (reserve-payouts.ts) debits that account and credits `custody:hot`, type `refund`, key
 * `payout:{payoutId}`; it is posted at the payout's confirmations and voided on cancel or failure, like any payout.
 */
export async function heldForInvoice(
  tx: DbClient,
  opts: { invoiceId: string; merchantId: string; livemode: boolean; networkId: string; asset: string },
): Promise<bigint> {
  const heldId = merchantAccount("held", opts).id;
  const [moves, refunds] = await Promise.all([
    tx.ledgerTransfer.findMany({
      where: {
        invoiceId: opts.invoiceId,
        key: { startsWith: "review:" },
        status: "posted",
        OR: [{ creditAccountId: heldId }, { debitAccountId: heldId }],
      },
      select: { amount: true, creditAccountId: true },
    }),
    tx.refund.findMany({
      where: {
        invoiceId: opts.invoiceId,
        networkId: opts.networkId,
        asset: opts.asset,
        funding: "held",
        status: { notIn: ["cancelled", "failed"] },
      },
      select: { amount: true },
    }),
  ]);
  let held = 0n;
  for (const m of moves) held += m.creditAccountId === heldId ? toBigInt(m.amount) : -toBigInt(m.amount);
  for (const r of refunds) held -= toBigInt(r.amount);
  return held;
}

/** The spendable `available` of a merchant's (network, asset, mode): posted credits less posted and pending debits. */
export async function spendableAvailable(
  tx: DbClient,
  scope: { merchantId: string; livemode: boolean; networkId: string; asset: string },
): Promise<bigint> {
  const account = await tx.ledgerAccount.findUnique({
    where: { id: merchantAccount("available", scope).id },
    select: { creditsPosted: true, debitsPosted: true, debitsPending: true },
  });
  return account
    ? toBigInt(account.creditsPosted) - toBigInt(account.debitsPosted) - toBigInt(account.debitsPending)
    : 0n;
}

/** The funding of each refund among `refundIds` (one query; none when the list is empty). */
export async function fundingOfRefunds(tx: DbClient, refundIds: string[]): Promise<Map<string, RefundFunding>> {
  if (refundIds.length === 0) return new Map();
  const rows = await tx.refund.findMany({ where: { id: { in: refundIds } }, select: { id: true, funding: true } });
  return new Map(rows.map((r) => [r.id, r.funding]));
}
