import type { Tx } from "../db";
import { newId } from "../ids";
import { toDbDecimal } from "../money";
import { formatRate } from "../pricing/convert";
import { recordInvoiceEvent } from "../webhooks/record-event";
import { deriveDepositAddress } from "../wallets/derive-deposit-address";
import type { CreateInvoiceRequest } from "./create-invoice.schema";
import { quoteInvoice, type InvoiceQuote } from "./quote-invoice";
import { underpaymentTolerance } from "./tolerance";

/** How long after expiry an invoice's address stays watched, so late payments are seen. */
export const MONITORING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Create an invoice with its own HD deposit address and its payment options, and its
 * `invoice.created` event, in the caller's transaction. Crypto-denominated
 * amounts are exact in every option; fiat-priced ones lock each option's rate (see quote-invoice.ts).
 * Pass a `quote` made before the transaction so that no price feed is read while it holds locks.
 */
export async function createInvoice(
  tx: Tx,
  opts: { merchantId: string; livemode: boolean; request: CreateInvoiceRequest; quote?: InvoiceQuote; now?: Date },
): Promise<{ id: string }> {
  const req = opts.request;
  const now = opts.now ?? new Date();
  const { amount, currency, currencyDecimals, options } = opts.quote ?? (await quoteInvoice(req, { livemode: opts.livemode, now }));

  const field = opts.livemode ? "nextLiveAddressIndex" : "nextTestAddressIndex";
  // The increment takes the merchant row's lock: concurrent creations get distinct indexes, and an
  // index, once handed out, is never handed out again (addresses are never reused).
  const merchant = await tx.merchant.update({
    where: { id: opts.merchantId },
    data: { [field]: { increment: 1 } },
    select: {
      hdAccountIndex: true, defaultExpirySeconds: true, nextLiveAddressIndex: true, nextTestAddressIndex: true,
      underpaymentToleranceKind: true, underpaymentToleranceValue: true,
    },
  });
  const index = (opts.livemode ? merchant.nextLiveAddressIndex : merchant.nextTestAddressIndex) - 1;
  const deposit = deriveDepositAddress({ hdAccountIndex: merchant.hdAccountIndex, livemode: opts.livemode, index });

  const expiresAt = new Date(now.getTime() + (req.expires_in ?? merchant.defaultExpirySeconds) * 1000);
  const id = newId("inv");
  await tx.invoice.create({
    data: {
      id,
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      amount: toDbDecimal(amount),
      currency,
      currencyDecimals,
      underpaymentTolerance: toDbDecimal(underpaymentTolerance(amount, currencyDecimals, merchant.underpaymentToleranceKind, merchant.underpaymentToleranceValue)),
      orderId: req.order_id ?? null,
      description: req.description ?? null,
      metadata: req.metadata ?? {},
      redirectUrl: req.redirect_url ?? null,
      customerEmail: req.customer_email ?? null,
      expiresAt,
      createdAt: now,
      paymentOptions: {
        create: options.map((o, position) => ({
          id: newId("opt"),
          networkId: o.networkId,
          chainId: o.chainId,
          asset: o.asset,
          tokenAddress: o.tokenAddress,
          decimals: o.decimals,
          amount: toDbDecimal(o.amount),
          position,
          rate: o.rate ? formatRate(o.rate) : null,
          rateSource: o.rate?.source ?? null,
          rateAt: o.rate?.at ?? null,
        })),
      },
      depositAddress: {
        create: {
          id: newId("dep"),
          merchantId: opts.merchantId,
          livemode: opts.livemode,
          address: deposit.address.toLowerCase(),
          derivationPath: deposit.path,
          watchUntil: new Date(expiresAt.getTime() + MONITORING_WINDOW_MS),
        },
      },
    },
  });
  await recordInvoiceEvent(tx, { invoiceId: id, type: "invoice.created", cause: { source: "api", action: "create_invoice" } });
  return { id };
}
