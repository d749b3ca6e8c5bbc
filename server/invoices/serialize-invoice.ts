import { getAddress } from "viem";
import { findNetwork } from "../chains/networks";
import { env } from "../env";
import { formatDecimal, toBigInt } from "../money";
import type { InvoiceView } from "./invoice-record";
import { creditInCurrency, dueInOption } from "./option-credit";
import type { InvoiceResponse, PaymentResponse } from "./invoice.schema";
import { paymentUri } from "./payment-uri";
import { formatBasisPoints } from "../participants/split-shares";

const iso = (d: Date) => d.toISOString();

/**
 * The public invoice object (docs/api.md) of a loaded invoice; `heights` are the networks' scanned heights.
 * `received` (confirmed base units per `network/asset`) stands in for summing `record.payments` when those are
 * only the latest few (an event's object), so what is due per option stays exact.
 */
export function serializeInvoice(
  record: InvoiceView,
  heights: Map<string, bigint>,
  received?: Map<string, bigint>,
): InvoiceResponse {
  const amount = toBigInt(record.amount);
  const paid = toBigInt(record.amountPaid);
  const address = record.depositAddress ? getAddress(record.depositAddress.address) : "";
  const fmt = (v: bigint) => formatDecimal(v, record.currencyDecimals, 2);
  const due = paid >= amount ? 0n : amount - paid;
  const optionDue = optionDues(record, amount, due, received);

  return {
    id: record.id,
    object: "invoice",
    livemode: record.livemode,
    status: record.status,
    amount: fmt(amount),
    currency: record.currency,
    order_id: record.orderId,
    description: record.description,
    metadata: (record.metadata ?? {}) as Record<string, string>,
    amount_paid: fmt(paid),
    amount_due: fmt(due),
    amount_overpaid: fmt(toBigInt(record.amountOverpaid)),
    amount_refunded: fmt(refundedInCurrency(record, amount)),
    review_reason: record.reviewReason,
    created_at: iso(record.createdAt),
    updated_at: iso(record.updatedAt),
    expires_at: iso(record.expiresAt),
    paid_at: record.paidAt ? iso(record.paidAt) : null,
    hosted_url: `${env().PAYRAIL_PUBLIC_URL}/pay/${record.id}`,
    redirect_url: record.redirectUrl,
    schedule: record.scheduleId,
    payment_options: record.paymentOptions.map((o) => {
      const base = toBigInt(o.amount);
      return {
        network: o.networkId,
        chain_id: o.chainId,
        asset: o.asset,
        token_address: o.tokenAddress,
        decimals: o.decimals,
        address,
        amount: formatDecimal(base, o.decimals, 2),
        amount_base_units: base.toString(),
        amount_due: formatDecimal(optionDue.get(o.id) ?? 0n, o.decimals, 2),
        amount_due_base_units: (optionDue.get(o.id) ?? 0n).toString(),
        rate: o.rate,
        rate_source: o.rateSource,
        rate_at: o.rateAt ? iso(o.rateAt) : null,
        payment_uri: paymentUri({ address, chainId: o.chainId, tokenAddress: o.tokenAddress, amount: base }),
      };
    }),
    payments: record.payments.map((p) => serializePayment(p, heights)),
    splits: (record.splits ?? []).map((s) => ({
      participant: s.participantId,
      percent: formatBasisPoints(s.basisPoints),
    })),
    refunds: (record.refunds ?? []).map((r) => r.id),
  };
}

/**
 * Confirmed refunds in currency minor units: each refund's base units at its option's ratio (as payments are
 * credited, option-credit.ts). A refund of an asset the invoice offered no option for (a wrong-asset payment sent
 * back) credited nothing when it came, so it counts for nothing here either.
 */
function refundedInCurrency(record: InvoiceView, amount: bigint): bigint {
  let total = 0n;
  for (const r of record.refunds ?? []) {
    if (r.status !== "confirmed") continue;
    const option = record.paymentOptions.find((o) => o.networkId === r.networkId && o.asset === r.asset);
    if (option)
      total += creditInCurrency(toBigInt(r.amount), { invoiceAmount: amount, optionAmount: toBigInt(option.amount) });
  }
  return total;
}

/**
 * What is still due in each option's base units (by option id), rounded up so that paying it never
 * leaves the invoice short: from what each option's confirmed payments are credited with, the way
 * the status machine counts them (option-credit.ts). Nothing is due once `due` (minor units) is 0.
 */
function optionDues(
  record: InvoiceView,
  amount: bigint,
  due: bigint,
  receivedByOption?: Map<string, bigint>,
): Map<string, bigint> {
  const options = record.paymentOptions.map((o) => {
    const received = receivedByOption
      ? (receivedByOption.get(`${o.networkId}/${o.asset}`) ?? 0n)
      : record.payments
          .filter((p) => p.status === "confirmed" && p.networkId === o.networkId && p.asset === o.asset)
          .reduce((acc, p) => acc + toBigInt(p.amount), 0n);
    const optionAmount = toBigInt(o.amount);
    return {
      id: o.id,
      optionAmount,
      received,
      credit: creditInCurrency(received, { invoiceAmount: amount, optionAmount }),
    };
  });
  const credited = options.reduce((acc, o) => acc + o.credit, 0n);
  return new Map(
    options.map((o) => [
      o.id,
      due === 0n
        ? 0n
        : dueInOption({
            invoiceAmount: amount,
            optionAmount: o.optionAmount,
            received: o.received,
            creditedByOthers: credited - o.credit,
          }),
    ]),
  );
}

function serializePayment(p: InvoiceView["payments"][number], heights: Map<string, bigint>): PaymentResponse {
  const height = heights.get(p.networkId);
  const confirmations =
    p.status === "reorged" || height === undefined || height < p.blockNumber ? 0 : Number(height - p.blockNumber + 1n);
  const base = toBigInt(p.amount);
  return {
    id: p.id,
    network: p.networkId,
    asset: p.asset,
    tx_hash: p.txHash,
    log_index: p.logIndex < 0 ? null : p.logIndex,
    from: getAddress(p.fromAddress),
    to: getAddress(p.toAddress),
    amount: formatDecimal(base, p.decimals, 2),
    amount_base_units: base.toString(),
    block_number: Number(p.blockNumber),
    confirmations,
    required_confirmations: findNetwork(p.networkId)?.confirmations ?? 0,
    status: p.status,
    detected_at: iso(p.detectedAt),
    confirmed_at: p.confirmedAt ? iso(p.confirmedAt) : null,
  };
}
