import { describe, expect, it } from "vitest";
import { deriveInvoiceState, type InvoiceFacts, type PaymentFact } from "./derive-invoice-state";

// A 25.00 USD invoice: 25.00 USDC (peg 1) on devnet, or 0.008333333333333334 ETH (3000 USD/ETH, rounded up) on devnet-b.
const created = new Date("2026-01-01T00:00:00Z");
const before = new Date("2026-01-01T00:30:00Z");
const after = new Date("2026-01-01T02:00:00Z");
const USDC_AMOUNT = 25_000_000n;
const ETH_AMOUNT = 8_333_333_333_333_334n;

function facts(overrides: Partial<InvoiceFacts> = {}): InvoiceFacts {
  return {
    status: "created",
    reviewReason: null,
    amount: 2500n,
    currencyDecimals: 2,
    options: [
      { networkId: "devnet", asset: "USDC", amount: USDC_AMOUNT },
      { networkId: "devnet-b", asset: "ETH", amount: ETH_AMOUNT },
    ],
    payments: [],
    expiresAt: new Date("2026-01-01T01:00:00Z"),
    underpaymentTolerance: 0n,
    accepted: false,
    previousAmountPaid: 0n,
    ...overrides,
  };
}

const usdc = (amount: bigint, status: PaymentFact["status"] = "confirmed"): PaymentFact => ({
  networkId: "devnet",
  asset: "USDC",
  decimals: 6,
  amount,
  status,
  detectedAt: created,
});
const eth = (amount: bigint, status: PaymentFact["status"] = "confirmed"): PaymentFact => ({
  networkId: "devnet-b",
  asset: "ETH",
  decimals: 18,
  amount,
  status,
  detectedAt: created,
});

describe("fiat-priced invoices in the status machine", () => {
  it("the locked amount of an option pays the fiat amount exactly", () => {
    expect(deriveInvoiceState(facts({ payments: [eth(ETH_AMOUNT)] }), before)).toEqual({
      status: "paid",
      reviewReason: null,
      amountPaid: 2500n,
      amountOverpaid: 0n,
    });
  });

  it("one base unit short is partially paid, with the cents rounded down in the merchant's favour", () => {
    expect(deriveInvoiceState(facts({ payments: [eth(ETH_AMOUNT - 1n)] }), before)).toEqual({
      status: "partially_paid",
      reviewReason: null,
      amountPaid: 2499n,
      amountOverpaid: 0n,
    });
    expect(deriveInvoiceState(facts({ payments: [eth(ETH_AMOUNT - 1n)] }), after)).toMatchObject({
      status: "review_required",
      reviewReason: "underpaid",
    });
  });

  it("several payments in one option are summed before converting, so the locked amount in parts is paid", () => {
    const third = ETH_AMOUNT / 3n; // 2777777777777778: each part alone converts to 833.33… cents
    const payments = [eth(third), eth(third), eth(ETH_AMOUNT - 2n * third)];
    expect(deriveInvoiceState(facts({ payments }), before)).toEqual({
      status: "paid",
      reviewReason: null,
      amountPaid: 2500n,
      amountOverpaid: 0n,
    });
  });

  it("payments in two options add up in fiat at each option's locked rate", () => {
    // After 10.00 USD in USDC, 15.00 USD is due: in ETH, ceil(1500 × 8333333333333334 ÷ 2500) = 5000000000000001 wei
    // (the locked amount was rounded up, so its share is too). That pays; 0.005 ETH exactly is a cent short.
    expect(
      deriveInvoiceState(facts({ payments: [usdc(10_000_000n), eth(5_000_000_000_000_001n)] }), before),
    ).toMatchObject({ status: "paid", amountPaid: 2500n });
    expect(
      deriveInvoiceState(facts({ payments: [usdc(10_000_000n), eth(5_000_000_000_000_000n)] }), before),
    ).toMatchObject({ status: "partially_paid", amountPaid: 2499n });
  });

  it("an excess below one cent is not an overpayment; a cent more is", () => {
    expect(deriveInvoiceState(facts({ payments: [eth(ETH_AMOUNT + 3_333_333_333_332n)] }), before)).toMatchObject({
      status: "paid",
      amountOverpaid: 0n,
    });
    expect(deriveInvoiceState(facts({ payments: [usdc(USDC_AMOUNT + 10_000n)] }), before)).toEqual({
      status: "review_required",
      reviewReason: "overpaid",
      amountPaid: 2501n,
      amountOverpaid: 1n,
    });
  });

  it("unconfirmed payments count for nothing yet, as for crypto invoices", () => {
    expect(deriveInvoiceState(facts({ payments: [eth(ETH_AMOUNT, "pending")] }), before)).toEqual({
      status: "pending",
      reviewReason: null,
      amountPaid: 0n,
      amountOverpaid: 0n,
    });
  });

  it("for a crypto invoice, the options' amounts convert exactly as rescaling decimals would", () => {
    // 25 USDC, payable with 6-decimal USDC or an 18-decimal USDC (as on BSC): currency units have 18 decimals.
    const crypto = facts({
      amount: 25n * 10n ** 18n,
      currencyDecimals: 18,
      options: [
        { networkId: "devnet", asset: "USDC", amount: 25_000_000n },
        { networkId: "bsc", asset: "USDC", amount: 25n * 10n ** 18n },
      ],
    });
    const bsc = (amount: bigint): PaymentFact => ({ ...usdc(amount), networkId: "bsc", decimals: 18 });
    const paid = (payments: PaymentFact[]) => deriveInvoiceState({ ...crypto, payments }, before).amountPaid;
    expect(paid([usdc(1n)])).toBe(10n ** 12n);
    expect(paid([usdc(24_999_999n)])).toBe(24_999_999n * 10n ** 12n);
    expect(paid([usdc(12_500_000n), bsc(125n * 10n ** 17n)])).toBe(25n * 10n ** 18n);
    expect(paid([bsc(1n)])).toBe(1n);
    expect(
      deriveInvoiceState({ ...crypto, payments: [usdc(12_500_000n), bsc(125n * 10n ** 17n)] }, before).status,
    ).toBe("paid");
  });
});
