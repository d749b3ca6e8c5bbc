import type { DbTx } from "../db";
import { enabledNetworks } from "../chains/networks";
import { AppError } from "../errors";
import { newId } from "../ids";
import { parseDecimal, rescale, toDbDecimal } from "../money";
import { recordInvoiceEvent } from "../webhooks/record-event";
import { deriveDepositAddress } from "../wallets/derive-deposit-address";
import type { CreateInvoiceRequest } from "./create-invoice.schema";
import { underpaymentTolerance } from "./tolerance";

/** How long after expiry an invoice's address stays watched, so late payments are seen. */
export const MONITORING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_UINT256 = 2n ** 256n - 1n;

interface ResolvedOption {
  networkId: string;
  chainId: number;
  asset: string;
  tokenAddress: string | null;
  decimals: number;
}

/** The payment options of a crypto-denominated invoice: the requested ones, or every enabled network offering the asset. */
function resolveOptions(req: CreateInvoiceRequest, livemode: boolean): ResolvedOption[] {
  const currency = req.currency.toUpperCase();
  if (currency === "USD" || currency === "EUR") {
    throw new AppError("unsupported_asset", "Fiat-priced invoices are not available yet: use an asset symbol such as \"USDC\" as currency.", { param: "currency" });
  }
  const networks = enabledNetworks({ livemode });
  const offering = networks.flatMap((n) =>
    n.assets.filter((a) => a.symbol === currency).map((a) => ({ networkId: n.id, chainId: n.chainId, asset: a.symbol, tokenAddress: a.tokenAddress, decimals: a.decimals })),
  );
  if (offering.length === 0) {
    throw new AppError("unsupported_asset", `No enabled ${livemode ? "live" : "test"} network accepts ${currency}.`, { param: "currency" });
  }
  if (!req.payment_methods) return offering;
  const chosen: ResolvedOption[] = [];
  for (const [i, m] of req.payment_methods.entries()) {
    const param = `payment_methods[${i}]`;
    if (!networks.some((n) => n.id === m.network)) {
      throw new AppError("unsupported_network", `Network "${m.network}" is not enabled for ${livemode ? "live" : "test"} mode.`, { param: `${param}.network` });
    }
    const option = offering.find((o) => o.networkId === m.network && o.asset === m.asset.toUpperCase());
    if (!option) {
      throw new AppError("unsupported_asset", `An invoice in ${currency} can be paid only in ${currency}; "${m.asset}" on "${m.network}" is not possible.`, { param: `${param}.asset` });
    }
    if (chosen.some((c) => c.networkId === option.networkId)) {
      throw new AppError("parameter_invalid", `Payment method "${m.network}"/"${m.asset}" is listed twice.`, { param });
    }
    chosen.push(option);
  }
  return chosen;
}

/**
 * Create a crypto-denominated invoice with its own HD deposit address and one payment option per
 * network, and its `invoice.created` event, in one transaction (`tx` must be a transaction).
 * The amount must be exactly representable in every option's asset; amounts are never rounded.
 */
export async function createInvoice(
  tx: DbTx,
  opts: { merchantId: string; livemode: boolean; request: CreateInvoiceRequest; now?: Date },
): Promise<{ id: string }> {
  const req = opts.request;
  const options = resolveOptions(req, opts.livemode);
  const minDecimals = Math.min(...options.map((o) => o.decimals));
  const currencyDecimals = Math.max(...options.map((o) => o.decimals));
  const parsed = parseDecimal(req.amount, minDecimals);
  if (parsed === null) {
    throw new AppError("parameter_invalid", `amount has more than ${minDecimals} decimal places, which ${req.currency.toUpperCase()} cannot represent.`, { param: "amount" });
  }
  if (parsed <= 0n) throw new AppError("parameter_invalid", "amount must be greater than zero.", { param: "amount" });
  const amount = rescale(parsed, minDecimals, currencyDecimals);
  if (amount > MAX_UINT256) throw new AppError("parameter_invalid", "amount is too large.", { param: "amount" });

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

  const now = opts.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (req.expires_in ?? merchant.defaultExpirySeconds) * 1000);
  const id = newId("inv");
  await tx.invoice.create({
    data: {
      id,
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      amount: toDbDecimal(amount),
      currency: req.currency.toUpperCase(),
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
          amount: toDbDecimal(rescale(amount, currencyDecimals, o.decimals)),
          position,
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
