import type { InvoiceStatus, ReviewReason } from "./invoice.schema";
import { creditInCurrency } from "./option-credit";

/** A payment as the status machine sees it: amounts in the payment asset's base units. */
export interface PaymentFact {
  networkId: string;
  asset: string;
  decimals: number;
  amount: bigint;
  status: "pending" | "confirmed" | "reorged";
  detectedAt: Date;
}

export interface InvoiceFacts {
  status: InvoiceStatus;
  reviewReason: ReviewReason | null;
  /** Invoice amount in currency minor units (10^-currencyDecimals). */
  amount: bigint;
  currencyDecimals: number;
  /**
   * The invoice's payment options; `amount` is the option's locked amount in its base units, the
   * reference that converts what it received into currency units (required for fiat-priced invoices).
   */
  options: { networkId: string; asset: string; amount: bigint }[];
  payments: PaymentFact[];
  expiresAt: Date;
  /** Accepted shortfall in currency minor units (merchant setting; 0 by default). */
  underpaymentTolerance: bigint;
  /** The merchant accepted the invoice as paid from review: what was confirmed then is the baseline. */
  accepted: boolean;
  /** The amount paid as last recorded (currency minor units). */
  previousAmountPaid: bigint;
  /** The invoice was paid once (it has a `paidAt`): losing what paid it is a reorg to review, never a fresh start. */
  paidBefore?: boolean;
  /**
   * When the merchant last resolved a review (the invoice's `resolvedAt`). The decision covers every payment
   * detected until then: one of them merely confirming later does not reopen it; only a newer payment does.
   */
  resolvedAt?: Date | null;
}

export interface InvoiceState {
  status: InvoiceStatus;
  reviewReason: ReviewReason | null;
  amountPaid: bigint;
  amountOverpaid: bigint;
}

/**
 * The one table of allowed status transitions (docs/architecture.md, "Invoice statuses"). Anything else is a bug, and
 * recomputation refuses to write it.
 */
export const allowedTransitions: Readonly<Record<InvoiceStatus, readonly InvoiceStatus[]>> = {
  created: ["pending", "partially_paid", "paid", "expired", "cancelled", "review_required"],
  pending: ["created", "partially_paid", "paid", "expired", "review_required"],
  // A partially paid invoice whose payment is reorged away is back to waiting.
  partially_paid: ["created", "pending", "paid", "expired", "review_required"],
  paid: ["review_required", "pending"],
  expired: ["review_required"],
  cancelled: ["review_required"],
  // paid / refunded / cancelled by a merchant's resolution; pending or paid again when the payment
  // whose reorg caused the review is back in the canonical chain.
  review_required: ["paid", "refunded", "cancelled", "pending"],
  refunded: [],
};

/**
 * Payments in currency minor units: per option, its confirmed payments summed and converted at the
 * option's locked amount (creditInCurrency: floor(received × invoice amount ÷ option amount), in the
 * merchant's favour), so that paying an option's amount in several payments counts as the whole
 * amount. For a crypto invoice the ratio is the decimals rescaling; for a fiat one, the locked rate.
 */
function toCurrencyTotal(payments: PaymentFact[], facts: InvoiceFacts): bigint {
  let total = 0n;
  for (const o of facts.options) {
    const received = payments
      .filter((p) => p.networkId === o.networkId && p.asset === o.asset)
      .reduce((acc, p) => acc + p.amount, 0n);
    total += creditInCurrency(received, { invoiceAmount: facts.amount, optionAmount: o.amount });
  }
  return total;
}

/**
 * Derive an invoice's status and amounts from its payments and the clock. Pure: the same facts
 * always give the same state. Only confirmed payments in one of the invoice's own options count
 * towards `amountPaid`; reorged ones count for nothing.
 */
export function deriveInvoiceState(facts: InvoiceFacts, now: Date): InvoiceState {
  const live = facts.payments.filter((p) => p.status !== "reorged");
  const matches = (p: PaymentFact) => facts.options.some((o) => o.networkId === p.networkId && o.asset === p.asset);
  const credited = live.filter(matches);
  const stray = live.filter((p) => !matches(p));

  const sum = (ps: PaymentFact[]) => toCurrencyTotal(ps, facts);
  const confirmedTotal = sum(credited.filter((p) => p.status === "confirmed"));
  const amountPaid = confirmedTotal;
  const amountOverpaid = confirmedTotal > facts.amount ? confirmedTotal - facts.amount : 0n;
  const state = (status: InvoiceStatus, reviewReason: ReviewReason | null = null): InvoiceState => ({
    status,
    reviewReason,
    amountPaid,
    amountOverpaid,
  });

  const expired = now.getTime() >= facts.expiresAt.getTime();
  const inTime = (p: PaymentFact) => p.detectedAt.getTime() < facts.expiresAt.getTime();
  const fullyPaid = confirmedTotal >= facts.amount - facts.underpaymentTolerance;
  const overpaid = confirmedTotal > facts.amount;

  const reasonOf = (p: PaymentFact | undefined): ReviewReason | null =>
    p ? (facts.options.some((o) => o.networkId === p.networkId) ? "wrong_asset" : "wrong_network") : null;
  const strayReason = reasonOf(stray[0]);
  // Payments the merchant's last decision did not cover (all of them when there was none).
  const decidedAt = facts.resolvedAt?.getTime();
  const isNew = (p: PaymentFact) => decidedAt === undefined || p.detectedAt.getTime() > decidedAt;
  // Everything credited, counting payments still confirming (a reorged payment re-included is pending again).
  const seenTotal = sum(credited);
  const seenFully = seenTotal >= facts.amount - facts.underpaymentTolerance;

  switch (facts.status) {
    case "review_required":
      // Only a merchant's recorded resolution moves a review, except a reorg review whose payments
      // came back: the invoice waits for their confirmations, or is paid again.
      if (facts.reviewReason === "reorged" && !strayReason && !overpaid && seenFully)
        return state(fullyPaid ? "paid" : "pending");
      return state(facts.status, facts.reviewReason);
    case "refunded":
      return state(facts.status, facts.reviewReason);
    case "expired":
    case "cancelled":
      // A closed review covers what it saw; any other payment here is late.
      return live.some(isNew) ? state("review_required", "late_payment") : state(facts.status);
    case "paid": {
      // An accepted review covers the stray or excess payments it saw, even those that confirm later.
      const newStray = reasonOf(stray.find(isNew));
      if (newStray) return state("review_required", newStray);
      if (overpaid && credited.some((p) => p.status === "confirmed" && isNew(p)))
        return state("review_required", "overpaid");
      // Accepted short by the merchant: paid stays paid unless something it counted is lost.
      if (facts.accepted)
        return confirmedTotal < facts.previousAmountPaid ? state("review_required", "reorged") : state("paid");
      if (!fullyPaid) return seenFully ? state("pending") : state("review_required", "reorged");
      return state("paid");
    }
    default:
      break;
  }

  // Open invoices: created, pending, partially_paid.
  if (strayReason) return state("review_required", strayReason);
  if (overpaid) return state("review_required", "overpaid");
  if (fullyPaid) return state("paid");
  // Paid once, then waiting for a re-included payment that left the chain again: what paid it is lost.
  if (facts.paidBefore && !seenFully) return state("review_required", "reorged");
  if (expired) {
    if (credited.some((p) => !inTime(p))) return state("review_required", "late_payment");
    // A payment seen before expiry may still confirm: wait for it rather than calling it short.
    if (credited.some((p) => p.status === "pending")) return state(confirmedTotal > 0n ? "partially_paid" : "pending");
    // Anything confirmed, even dust that rounds to nothing in the currency, is a short payment to review.
    return credited.length > 0 ? state("review_required", "underpaid") : state("expired");
  }
  if (confirmedTotal > 0n) return state("partially_paid");
  if (credited.length > 0) return state("pending");
  return state("created");
}
