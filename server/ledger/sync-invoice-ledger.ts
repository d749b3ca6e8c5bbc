import type { Tx } from "../db";
import type { InvoiceStatus } from "../generated/prisma/client";
import { toBigInt } from "../money";
import { merchantAccount, type AccountScope } from "./chart-of-accounts";
import { ensureAccounts } from "./ensure-accounts";
import { recordTransfer } from "./record-transfer";
import { settleTransfer } from "./settle-transfer";
import { DUST_KEY_PREFIX } from "./sync-dust-ledger";
import { postSplits, reverseUndoneSplits } from "../participants/sync-split-ledger";

/** Statuses whose confirmed receipts belong to the merchant: nothing of them is held. */
const SETTLED: ReadonlySet<InvoiceStatus> = new Set(["paid", "cancelled"]);

interface LedgerPayment {
  id: string;
  networkId: string;
  asset: string;
  decimals: number;
  amount: bigint;
  status: "pending" | "confirmed" | "reorged";
  txHash: string;
  blockNumber: bigint;
  blockHash: string;
}

interface ExistingTransfer {
  key: string;
  status: "pending" | "posted" | "voided";
  amount: bigint;
  sourceId: string | null;
  txHash: string | null;
  blockNumber: bigint | null;
  blockHash: string | null;
  networkId: string;
  asset: string;
  debitAccountId: string;
  creditAccountId: string;
}

/** The key of a payment's transfer while it sits in the block `blockHash` (a re-inclusion elsewhere is a new fact). */
export function paymentTransferKey(paymentId: string, blockHash: string): string {
  return `pay:${paymentId}@${blockHash}`;
}

const reversalKey = (paymentKey: string) => `${paymentKey}:reversal`;
const reviewKey = (invoiceId: string, networkId: string, asset: string, n: number) =>
  `review:${invoiceId}/${networkId}/${asset}#${n}`;

/**
 * Bring an invoice's ledger postings in line with its payments and status, in the caller's
 * transaction (the invoice must be locked). Idempotent: it derives what the ledger must hold from the
 * current state and records only what is missing, so a replay, a retry or a backfill inserts nothing
 * twice.
 *
 * - Each payment is one transfer custody:deposits → merchant available, keyed by payment and block:
 *   pending while it confirms, posted at its confirmations, voided when reorged before that; a posted
 *   payment that is reorged away gets a posted reversal (an entry is never edited).
 * - What the invoice received and is not settled (anything but `paid` and `cancelled`: short, waiting,
 *   in review) is held: moved from available to held, and released when the invoice settles. A
 *   `refunded` invoice keeps the refund decided held, for the refund payout; the rest is released.
 *   Releases go first and holds last, so available never dips below zero between them; a hold never
 *   takes more than is available (it cannot block the watcher).
 */
export async function syncInvoiceLedger(tx: Tx, opts: { invoiceId: string; now: Date }): Promise<void> {
  const invoice = await tx.invoice.findUniqueOrThrow({
    where: { id: opts.invoiceId },
    select: {
      id: true,
      merchantId: true,
      livemode: true,
      status: true,
      reviewReason: true,
      payments: {
        select: {
          id: true,
          networkId: true,
          asset: true,
          decimals: true,
          amount: true,
          status: true,
          txHash: true,
          blockNumber: true,
          blockHash: true,
        },
        // Dust is never credited: its entries are sync-dust-ledger.ts's.
        where: { dust: false },
        orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
      },
      resolutions: {
        where: { action: "refund" },
        select: { refundNetwork: true, refundAsset: true, refundAmount: true },
      },
    },
  });
  if (invoice.payments.length === 0) return;
  const payments: LedgerPayment[] = invoice.payments.map((p) => ({ ...p, amount: toBigInt(p.amount) }));
  const transfers: ExistingTransfer[] = (
    await tx.ledgerTransfer.findMany({
      where: { invoiceId: invoice.id, NOT: { key: { startsWith: DUST_KEY_PREFIX } } },
      select: {
        key: true,
        status: true,
        amount: true,
        sourceId: true,
        txHash: true,
        blockNumber: true,
        blockHash: true,
        networkId: true,
        asset: true,
        debitAccountId: true,
        creditAccountId: true,
      },
    })
  ).map((t) => ({ ...t, amount: toBigInt(t.amount) }));
  const byKey = new Map(transfers.map((t) => [t.key, t]));

  const scopes = new Map<string, AccountScope & { decimals: number }>();
  for (const p of payments) {
    scopes.set(`${p.networkId}/${p.asset}`, {
      merchantId: invoice.merchantId,
      livemode: invoice.livemode,
      networkId: p.networkId,
      asset: p.asset,
      decimals: p.decimals,
    });
  }
  await ensureAccounts(
    tx,
    [...scopes.values()].flatMap((s) => [
      merchantAccount("custody_deposits", s),
      merchantAccount("available", s),
      merchantAccount("held", s),
    ]),
  );
  const base = (s: AccountScope & { decimals: number }) => ({
    merchantId: invoice.merchantId,
    livemode: invoice.livemode,
    networkId: s.networkId,
    asset: s.asset,
    decimals: s.decimals,
    invoiceId: invoice.id,
    at: opts.now,
  });

  // What must be held per (network, asset), from the payments' new states.
  const heldNow = new Map<string, { amount: bigint; moves: number }>();
  for (const t of transfers) {
    if (!t.key.startsWith("review:")) continue;
    const k = `${t.networkId}/${t.asset}`;
    const entry = heldNow.get(k) ?? { amount: 0n, moves: 0 };
    const scope = scopes.get(k);
    const toHeld = scope !== undefined && t.creditAccountId === merchantAccount("held", scope).id;
    entry.amount += toHeld ? t.amount : -t.amount;
    entry.moves++;
    heldNow.set(k, entry);
  }
  const target = new Map<string, bigint>();
  for (const [k] of scopes) target.set(k, 0n);
  if (invoice.status === "refunded") {
    const confirmed = new Map<string, bigint>();
    for (const p of payments)
      if (p.status === "confirmed")
        confirmed.set(`${p.networkId}/${p.asset}`, (confirmed.get(`${p.networkId}/${p.asset}`) ?? 0n) + p.amount);
    for (const r of invoice.resolutions) {
      if (!r.refundNetwork || !r.refundAsset || !r.refundAmount) continue;
      const k = `${r.refundNetwork}/${r.refundAsset}`;
      const cap = confirmed.get(k) ?? 0n;
      target.set(k, minBig(cap, (target.get(k) ?? 0n) + toBigInt(r.refundAmount)));
    }
  } else if (!SETTLED.has(invoice.status)) {
    for (const p of payments)
      if (p.status === "confirmed")
        target.set(`${p.networkId}/${p.asset}`, (target.get(`${p.networkId}/${p.asset}`) ?? 0n) + p.amount);
  }
  const reason = invoice.reviewReason ? ` (${invoice.reviewReason})` : "";
  // The n-th move of this invoice's hold in one (network, asset): available → held, or back.
  const moveHeld = (
    scope: AccountScope & { decimals: number },
    n: number,
    way: "hold" | "release",
    amount: bigint,
    description: string,
  ) => {
    const [from, to] = way === "hold" ? (["available", "held"] as const) : (["held", "available"] as const);
    return recordTransfer(tx, {
      ...base(scope),
      key: reviewKey(invoice.id, scope.networkId, scope.asset, n),
      type: "adjustment",
      status: "posted",
      debitAccountId: merchantAccount(from, scope).id,
      creditAccountId: merchantAccount(to, scope).id,
      amount,
      sourceId: invoice.id,
      description,
    });
  };

  // Splits (server/participants/) of payment inclusions the chain has left go back first, before those payments'
  // reversals take the whole amount from the merchant's available.
  const splits = { invoice, payments, transfers, paymentKey: paymentTransferKey, now: opts.now };
  await reverseUndoneSplits(tx, splits);

  // 1. Releases: held above its target goes back to available.
  for (const [k, scope] of scopes) {
    const now = heldNow.get(k) ?? { amount: 0n, moves: 0 };
    const excess = now.amount - (target.get(k) ?? 0n);
    if (excess <= 0n) continue;
    await moveHeld(
      scope,
      now.moves,
      "release",
      excess,
      `Released from hold: invoice ${invoice.id} is ${invoice.status}`,
    );
    heldNow.set(k, { amount: now.amount - excess, moves: now.moves + 1 });
  }

  // 2. Payments: one transfer per inclusion, following the payment's status.
  for (const p of payments) {
    const scope = scopes.get(`${p.networkId}/${p.asset}`)!;
    const current = paymentTransferKey(p.id, p.blockHash);
    // Inclusions the chain has left (the payment moved to another block): void or reverse them.
    for (const t of transfers) {
      if (t.sourceId !== p.id || !t.key.startsWith("pay:") || t.key.endsWith(":reversal")) continue;
      if (t.key === current && p.status !== "reorged") continue;
      await undoPayment(tx, t, byKey, { ...base(scope), paymentId: p.id });
    }
    if (p.status === "reorged") continue;
    const existing = byKey.get(current);
    if (!existing) {
      await recordTransfer(tx, {
        ...base(scope),
        key: current,
        type: "payment",
        status: p.status === "confirmed" ? "posted" : "pending",
        debitAccountId: merchantAccount("custody_deposits", scope).id,
        creditAccountId: merchantAccount("available", scope).id,
        amount: p.amount,
        sourceId: p.id,
        txHash: p.txHash,
        blockNumber: p.blockNumber,
        blockHash: p.blockHash,
        description: `Payment ${p.id} to invoice ${invoice.id}`,
      });
    } else if (existing.status === "pending" && p.status === "confirmed") {
      await settleTransfer(tx, { key: current, to: "posted", at: opts.now });
    }
  }

  // 3. Holds: what is received and not settled moves to held, as far as it is available.
  for (const [k, scope] of scopes) {
    const now = heldNow.get(k) ?? { amount: 0n, moves: 0 };
    const missing = (target.get(k) ?? 0n) - now.amount;
    if (missing <= 0n) continue;
    const available = await tx.ledgerAccount.findUniqueOrThrow({
      where: { id: merchantAccount("available", scope).id },
      select: { creditsPosted: true, debitsPosted: true, debitsPending: true },
    });
    const spendable =
      toBigInt(available.creditsPosted) - toBigInt(available.debitsPosted) - toBigInt(available.debitsPending);
    const amount = minBig(missing, spendable);
    if (amount <= 0n) continue;
    const why =
      invoice.status === "refunded"
        ? `Held for the refund decided on invoice ${invoice.id}`
        : `Held: invoice ${invoice.id} is ${invoice.status}${reason}`;
    await moveHeld(scope, now.moves, "hold", amount, why);
  }

  // 4. Splits: a paid invoice's confirmed payments are shared with its participants (server/participants/).
  await postSplits(tx, splits);
}

/** Take back a payment transfer whose inclusion is gone: void it while pending, reverse it once posted. */
async function undoPayment(
  tx: Tx,
  t: ExistingTransfer,
  byKey: Map<string, ExistingTransfer>,
  ctx: {
    merchantId: string;
    livemode: boolean;
    networkId: string;
    asset: string;
    decimals: number;
    invoiceId: string;
    at: Date;
    paymentId: string;
  },
): Promise<void> {
  if (t.status === "pending") {
    await settleTransfer(tx, { key: t.key, to: "voided", at: ctx.at });
    return;
  }
  if (t.status !== "posted" || byKey.has(reversalKey(t.key))) return;
  await recordTransfer(tx, {
    ...ctx,
    key: reversalKey(t.key),
    type: "adjustment",
    status: "posted",
    debitAccountId: t.creditAccountId,
    creditAccountId: t.debitAccountId,
    amount: t.amount,
    sourceId: ctx.paymentId,
    // The orphaned block's: at any height the payment and its reversal net to zero, as the chain does.
    txHash: t.txHash,
    blockNumber: t.blockNumber,
    blockHash: t.blockHash,
    description: `Reversal: payment ${ctx.paymentId} left the chain in a reorg`,
  });
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
