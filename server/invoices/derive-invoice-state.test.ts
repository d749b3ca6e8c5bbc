import { describe, expect, it } from "vitest";
import { allowedTransitions, deriveInvoiceState, type InvoiceFacts, type PaymentFact } from "./derive-invoice-state";

const created = new Date("2026-01-01T00:00:00Z");
const expiresAt = new Date("2026-01-01T01:00:00Z");
const before = new Date("2026-01-01T00:30:00Z");
const after = new Date("2026-01-01T02:00:00Z");

function facts(overrides: Partial<InvoiceFacts> = {}): InvoiceFacts {
  return {
    status: "created",
    reviewReason: null,
    amount: 25_000_000n,
    currencyDecimals: 6,
    options: [
      { networkId: "devnet", asset: "USDC", amount: 25_000_000n },
      { networkId: "devnet-b", asset: "USDC", amount: 25_000_000n },
    ],
    payments: [],
    expiresAt,
    underpaymentTolerance: 0n,
    accepted: false,
    previousAmountPaid: 0n,
    ...overrides,
  };
}

function pay(
  amount: bigint,
  status: PaymentFact["status"] = "confirmed",
  extra: Partial<PaymentFact> = {},
): PaymentFact {
  return { networkId: "devnet", asset: "USDC", decimals: 6, amount, status, detectedAt: created, ...extra };
}

describe("deriveInvoiceState", () => {
  it("a new invoice with no payment is created", () => {
    expect(deriveInvoiceState(facts(), before)).toEqual({
      status: "created",
      reviewReason: null,
      amountPaid: 0n,
      amountOverpaid: 0n,
    });
  });

  it("a seen but unconfirmed payment makes it pending and counts nothing yet", () => {
    expect(deriveInvoiceState(facts({ payments: [pay(25_000_000n, "pending")] }), before)).toEqual({
      status: "pending",
      reviewReason: null,
      amountPaid: 0n,
      amountOverpaid: 0n,
    });
  });

  it("a confirmed exact payment makes it paid", () => {
    expect(deriveInvoiceState(facts({ status: "pending", payments: [pay(25_000_000n)] }), before)).toEqual({
      status: "paid",
      reviewReason: null,
      amountPaid: 25_000_000n,
      amountOverpaid: 0n,
    });
  });

  it("a confirmed short payment makes it partially paid", () => {
    expect(deriveInvoiceState(facts({ payments: [pay(10_000_000n)] }), before)).toEqual({
      status: "partially_paid",
      reviewReason: null,
      amountPaid: 10_000_000n,
      amountOverpaid: 0n,
    });
  });

  it("payments on two networks add up to paid", () => {
    const payments = [pay(10_000_000n), pay(15_000_000n, "confirmed", { networkId: "devnet-b" })];
    expect(deriveInvoiceState(facts({ status: "partially_paid", payments }), before).status).toBe("paid");
  });

  it("an overpayment goes to review with the exact excess", () => {
    expect(deriveInvoiceState(facts({ payments: [pay(25_000_001n)] }), before)).toEqual({
      status: "review_required",
      reviewReason: "overpaid",
      amountPaid: 25_000_001n,
      amountOverpaid: 1n,
    });
  });

  it("a reorged payment counts for nothing", () => {
    expect(
      deriveInvoiceState(facts({ status: "pending", payments: [pay(25_000_000n, "reorged")] }), before).status,
    ).toBe("created");
    expect(
      deriveInvoiceState(facts({ status: "paid", payments: [pay(25_000_000n, "reorged")] }), before),
    ).toMatchObject({ status: "review_required", reviewReason: "reorged" });
  });

  it("expires with nothing received, goes to review when short at expiry", () => {
    expect(deriveInvoiceState(facts(), after).status).toBe("expired");
    expect(deriveInvoiceState(facts({ status: "partially_paid", payments: [pay(1n)] }), after)).toMatchObject({
      status: "review_required",
      reviewReason: "underpaid",
    });
  });

  it("waits at expiry for a payment seen in time, then counts it", () => {
    expect(
      deriveInvoiceState(facts({ status: "pending", payments: [pay(25_000_000n, "pending")] }), after).status,
    ).toBe("pending");
    expect(deriveInvoiceState(facts({ status: "pending", payments: [pay(25_000_000n)] }), after).status).toBe("paid");
  });

  it("a payment after expiry is late", () => {
    expect(
      deriveInvoiceState(
        facts({ status: "expired", payments: [pay(25_000_000n, "pending", { detectedAt: after })] }),
        after,
      ),
    ).toMatchObject({ status: "review_required", reviewReason: "late_payment" });
  });

  it("another asset or another network is routed to review", () => {
    expect(deriveInvoiceState(facts({ payments: [pay(1n, "pending", { asset: "USDT" })] }), before)).toMatchObject({
      status: "review_required",
      reviewReason: "wrong_asset",
    });
    const onlyDevnet = [{ networkId: "devnet", asset: "USDC", amount: 25_000_000n }];
    expect(
      deriveInvoiceState(
        facts({ options: onlyDevnet, payments: [pay(1n, "pending", { networkId: "devnet-b" })] }),
        before,
      ),
    ).toMatchObject({ status: "review_required", reviewReason: "wrong_network" });
  });

  it("a paid invoice stays paid on a second payment within nothing and reviews beyond", () => {
    expect(
      deriveInvoiceState(facts({ status: "paid", payments: [pay(25_000_000n), pay(1n, "pending")] }), before).status,
    ).toBe("paid");
    expect(deriveInvoiceState(facts({ status: "paid", payments: [pay(25_000_000n), pay(1n)] }), before)).toMatchObject({
      status: "review_required",
      reviewReason: "overpaid",
      amountOverpaid: 1n,
    });
  });

  it("rescales payments of a more precise asset into the invoice's currency units", () => {
    const f = facts({
      amount: 25n * 10n ** 18n,
      currencyDecimals: 18,
      options: [
        { networkId: "bsc", asset: "USDC", amount: 25n * 10n ** 18n },
        { networkId: "devnet", asset: "USDC", amount: 25_000_000n },
      ],
    });
    expect(deriveInvoiceState({ ...f, payments: [pay(25_000_000n)] }, before).status).toBe("paid");
  });

  it("accepts a shortfall within the tolerance as paid", () => {
    expect(
      deriveInvoiceState(facts({ payments: [pay(24_500_000n)], underpaymentTolerance: 500_000n }), before).status,
    ).toBe("paid");
    expect(
      deriveInvoiceState(facts({ payments: [pay(24_499_999n)], underpaymentTolerance: 500_000n }), before).status,
    ).toBe("partially_paid");
  });

  it("a paid invoice whose payment is re-included after a reorg waits for it, then is paid again", () => {
    expect(deriveInvoiceState(facts({ status: "paid", payments: [pay(25_000_000n, "pending")] }), before).status).toBe(
      "pending",
    );
    const review = facts({
      status: "review_required",
      reviewReason: "reorged",
      payments: [pay(25_000_000n, "pending")],
    });
    expect(deriveInvoiceState(review, before).status).toBe("pending");
    expect(deriveInvoiceState({ ...review, payments: [pay(25_000_000n)] }, before).status).toBe("paid");
    expect(deriveInvoiceState({ ...review, reviewReason: "overpaid" }, before)).toMatchObject({
      status: "review_required",
      reviewReason: "overpaid",
    });
  });

  it("another asset to a paid invoice goes to review", () => {
    expect(
      deriveInvoiceState(
        facts({ status: "paid", payments: [pay(25_000_000n), pay(1n, "pending", { asset: "USDT" })] }),
        before,
      ),
    ).toMatchObject({ status: "review_required", reviewReason: "wrong_asset" });
  });

  it("an invoice the merchant accepted short stays paid until something it counted is lost", () => {
    const accepted = facts({
      status: "paid",
      accepted: true,
      previousAmountPaid: 10_000_000n,
      payments: [pay(10_000_000n)],
    });
    expect(deriveInvoiceState(accepted, after).status).toBe("paid");
    expect(deriveInvoiceState({ ...accepted, payments: [pay(10_000_000n, "reorged")] }, before)).toMatchObject({
      status: "review_required",
      reviewReason: "reorged",
    });
    expect(deriveInvoiceState({ ...accepted, payments: [pay(10_000_000n), pay(20_000_000n)] }, before)).toMatchObject({
      status: "review_required",
      reviewReason: "overpaid",
      amountOverpaid: 5_000_000n,
    });
  });

  it("never derives a transition that the table forbids", () => {
    const statuses = Object.keys(allowedTransitions) as InvoiceFacts["status"][];
    const paymentSets: PaymentFact[][] = [
      [],
      [pay(1n)],
      [pay(25_000_000n)],
      [pay(30_000_000n)],
      [pay(25_000_000n, "pending")],
      [pay(25_000_000n, "reorged")],
      [pay(1n, "pending", { asset: "USDT" })],
    ];
    for (const status of statuses) {
      for (const payments of paymentSets) {
        for (const now of [before, after]) {
          for (const reviewReason of status === "review_required" ? (["overpaid", "reorged"] as const) : [null]) {
            for (const accepted of [false, true]) {
              const next = deriveInvoiceState(
                facts({ status, payments, reviewReason, accepted, previousAmountPaid: 25_000_000n }),
                now,
              );
              if (next.status !== status)
                expect(allowedTransitions[status], `${status} -> ${next.status}`).toContain(next.status);
            }
          }
        }
      }
    }
  });

  describe("found by the property test", () => {
    const decided = new Date("2026-01-01T00:40:00Z");
    const later = new Date("2026-01-01T00:50:00Z");

    it("an accepted review stays paid when the stray payment it saw confirms; a newer stray one reopens it", () => {
      const seen = pay(1_000_000n, "confirmed", { networkId: "polygon", detectedAt: before });
      const accepted = facts({
        status: "paid",
        accepted: true,
        resolvedAt: decided,
        paidBefore: true,
        payments: [pay(25_000_000n), seen],
      });
      expect(deriveInvoiceState(accepted, later)).toMatchObject({ status: "paid", reviewReason: null });
      const newer = pay(1n, "pending", { networkId: "polygon", detectedAt: later });
      expect(deriveInvoiceState({ ...accepted, payments: [...accepted.payments, newer] }, later)).toMatchObject({
        status: "review_required",
        reviewReason: "wrong_network",
      });
    });

    it("a closed review stays cancelled when a payment it saw confirms; a later payment is late", () => {
      const closed = facts({
        status: "cancelled",
        resolvedAt: decided,
        payments: [pay(10_000_000n, "confirmed", { detectedAt: before })],
      });
      expect(deriveInvoiceState(closed, later)).toMatchObject({ status: "cancelled" });
      const late = pay(1n, "pending", { detectedAt: later });
      expect(deriveInvoiceState({ ...closed, payments: [...closed.payments, late] }, later)).toMatchObject({
        status: "review_required",
        reviewReason: "late_payment",
      });
    });

    it("a paid invoice whose payments all left the chain goes to review, not back to created", () => {
      const gone = facts({
        status: "pending",
        paidBefore: true,
        previousAmountPaid: 0n,
        payments: [pay(25_000_000n, "reorged")],
      });
      expect(deriveInvoiceState(gone, before)).toMatchObject({ status: "review_required", reviewReason: "reorged" });
    });

    it("dust confirmed at expiry is a short payment to review, not an expired invoice holding money", () => {
      const fiat = facts({
        amount: 2500n,
        currencyDecimals: 2,
        options: [{ networkId: "devnet", asset: "USDC", amount: 25_000_000n }],
        payments: [pay(1n)],
      });
      expect(deriveInvoiceState(fiat, after)).toMatchObject({
        status: "review_required",
        reviewReason: "underpaid",
        amountPaid: 0n,
      });
    });
  });
});
