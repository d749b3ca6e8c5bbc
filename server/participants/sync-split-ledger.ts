import type { Tx } from "../db";
import { merchantAccount, participantAccount, type AccountScope } from "../ledger/chart-of-accounts";
import { ensureAccounts } from "../ledger/ensure-accounts";
import { recordTransfer } from "../ledger/record-transfer";
import { logger } from "../logger";
import { toBigInt } from "../money";
import { formatBasisPoints, splitShares } from "./split-shares";

/**
 * Splits in the ledger (docs/architecture.md "Marketplaces"). When an invoice with splits is `paid`, each of its
 * confirmed payments is split: per participant one posted transfer (type `split`) of its share from the merchant's
 * `available` to the participant's account, keyed by the payment's ledger key (payment and block) and the
 * participant, so a replay, a retry or a second worker inserts nothing twice. Shares are `floor(amount × percent)`
 * in base units (split-shares.ts); the rounding remainder stays with the merchant.
 *
 * A split lives as long as the inclusion of the payment it split: when that payment is reorged away (or moves to
 * another block), the split gets a posted reversal (participant → merchant available, type `split`), recorded before
 * the payment's own reversal so the merchant's available can take that. Once a split is posted, later changes of the
 * invoice's status (a review, a refund) leave it where it is.
 */

/** What the split postings need of an invoice and its ledger; `transfers` as loaded before this sync moved anything. */
export interface SplitLedgerContext {
  invoice: { id: string; merchantId: string; livemode: boolean; status: string };
  payments: {
    id: string;
    networkId: string;
    asset: string;
    decimals: number;
    amount: bigint;
    status: "pending" | "confirmed" | "reorged";
    txHash: string;
    blockNumber: bigint;
    blockHash: string;
  }[];
  transfers: { key: string; status: string; amount: bigint; networkId: string; asset: string }[];
  /** The ledger key of a payment's inclusion (sync-invoice-ledger.ts's paymentTransferKey). */
  paymentKey: (paymentId: string, blockHash: string) => string;
  now: Date;
}

const SPLIT_PREFIX = "split:";
const REVERSAL = ":reversal";

/** The key of a participant's split of one payment inclusion. */
export const splitTransferKey = (paymentKey: string, participantId: string) =>
  `${SPLIT_PREFIX}${paymentKey}/${participantId}`;

/** The payment key and participant of a split key (the payment key holds no `/`). */
function parseSplitKey(key: string): { paymentKey: string; participantId: string } {
  const body = key.slice(SPLIT_PREFIX.length);
  const slash = body.lastIndexOf("/");
  return { paymentKey: body.slice(0, slash), participantId: body.slice(slash + 1) };
}

/** Spendable now of an account (posted credits less posted and reserved debits); 0 when it does not exist. */
async function spendable(tx: Tx, accountId: string): Promise<bigint> {
  const a = await tx.ledgerAccount.findUnique({
    where: { id: accountId },
    select: { creditsPosted: true, debitsPosted: true, debitsPending: true },
  });
  return a ? toBigInt(a.creditsPosted) - toBigInt(a.debitsPosted) - toBigInt(a.debitsPending) : 0n;
}

/**
 * Reverse the posted splits whose payment inclusion is gone (the payment reorged, or now in another block). Run
 * before the invoice's payment reversals. A participant that already spent the share cannot give it back (its
 * balance never goes below zero): the reversal is then left out and logged as an error for the operator, rather than
 * stopping the watcher's transaction.
 */
export async function reverseUndoneSplits(tx: Tx, ctx: SplitLedgerContext): Promise<void> {
  const live = new Set(
    ctx.payments.filter((p) => p.status === "confirmed").map((p) => ctx.paymentKey(p.id, p.blockHash)),
  );
  const keys = new Set(ctx.transfers.map((t) => t.key));
  for (const t of ctx.transfers) {
    if (!t.key.startsWith(SPLIT_PREFIX) || t.key.endsWith(REVERSAL) || t.status !== "posted") continue;
    const { paymentKey, participantId } = parseSplitKey(t.key);
    if (live.has(paymentKey) || keys.has(`${t.key}${REVERSAL}`)) continue;
    const payment = ctx.payments.find((p) => paymentKey.startsWith(`pay:${p.id}@`));
    const scope: AccountScope = {
      merchantId: ctx.invoice.merchantId,
      livemode: ctx.invoice.livemode,
      networkId: t.networkId,
      asset: t.asset,
    };
    const from = participantAccount(participantId, scope);
    if ((await spendable(tx, from.id)) < t.amount) {
      logger().error(
        { invoice: ctx.invoice.id, participant: participantId, key: t.key, amount: t.amount.toString() },
        "split not reversed after a reorg: the participant has already spent its share",
      );
      continue;
    }
    await recordTransfer(tx, {
      key: `${t.key}${REVERSAL}`,
      type: "split",
      status: "posted",
      debitAccountId: from.id,
      creditAccountId: merchantAccount("available", scope).id,
      amount: t.amount,
      merchantId: ctx.invoice.merchantId,
      livemode: ctx.invoice.livemode,
      networkId: t.networkId,
      asset: t.asset,
      decimals: payment?.decimals ?? 0,
      sourceId: payment?.id ?? null,
      invoiceId: ctx.invoice.id,
      txHash: payment?.txHash ?? null,
      description: `Split reversed: payment ${payment?.id ?? paymentKey} to invoice ${ctx.invoice.id} left the chain`,
      at: ctx.now,
    });
  }
}

/**
 * Post the splits of a `paid` invoice's confirmed payments that are not posted yet. Run after the payments are
 * posted and the invoice's holds released. Should the merchant's available not cover the shares (it always does for
 * a paid invoice, whose receipts were just released to it), nothing is posted and an error is logged: the next sync
 * of the invoice tries again.
 */
export async function postSplits(tx: Tx, ctx: SplitLedgerContext): Promise<void> {
  if (ctx.invoice.status !== "paid") return;
  const confirmed = ctx.payments.filter((p) => p.status === "confirmed");
  if (confirmed.length === 0) return;
  const splits = await tx.invoiceSplit.findMany({
    where: { invoiceId: ctx.invoice.id },
    orderBy: { position: "asc" },
    select: { participantId: true, basisPoints: true },
  });
  if (splits.length === 0) return;
  const keys = new Set(ctx.transfers.map((t) => t.key));
  for (const p of confirmed) {
    const paymentKey = ctx.paymentKey(p.id, p.blockHash);
    const { shares } = splitShares(
      p.amount,
      splits.map((s) => s.basisPoints),
    );
    const todo = splits
      .map((s, i) => ({ ...s, share: shares[i]!, key: splitTransferKey(paymentKey, s.participantId) }))
      .filter((s) => s.share > 0n && !keys.has(s.key));
    if (todo.length === 0) continue;
    const scope: AccountScope = {
      merchantId: ctx.invoice.merchantId,
      livemode: ctx.invoice.livemode,
      networkId: p.networkId,
      asset: p.asset,
    };
    const available = merchantAccount("available", scope);
    await ensureAccounts(tx, [available, ...todo.map((s) => participantAccount(s.participantId, scope))]);
    const total = todo.reduce((sum, s) => sum + s.share, 0n);
    if ((await spendable(tx, available.id)) < total) {
      logger().error(
        { invoice: ctx.invoice.id, payment: p.id, total: total.toString() },
        "splits not posted: the merchant's available balance does not cover them",
      );
      continue;
    }
    for (const s of todo) {
      await recordTransfer(tx, {
        key: s.key,
        type: "split",
        status: "posted",
        debitAccountId: available.id,
        creditAccountId: participantAccount(s.participantId, scope).id,
        amount: s.share,
        merchantId: ctx.invoice.merchantId,
        livemode: ctx.invoice.livemode,
        networkId: p.networkId,
        asset: p.asset,
        decimals: p.decimals,
        sourceId: p.id,
        invoiceId: ctx.invoice.id,
        txHash: p.txHash,
        description: `Split: ${formatBasisPoints(s.basisPoints)}% of payment ${p.id} to invoice ${ctx.invoice.id}`,
        at: ctx.now,
      });
    }
  }
}
