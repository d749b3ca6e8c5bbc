import { AppError } from "../errors";
import { logger } from "../logger";
import { parseDecimal, rescale } from "../money";
import { fiatToBaseUnits } from "../pricing/convert";
import { assetRateIn, isFiatCurrency, marketRates, type FiatCurrency } from "../pricing/market-rates";
import type { Rate, RateSource } from "../pricing/rate";
import type { CreateInvoiceRequest } from "./create-invoice.schema";
import { resolveCryptoOptions, resolveFiatCandidates, type ResolvedOption } from "./resolve-payment-options";

const MAX_UINT256 = 2n ** 256n - 1n;
/** Fiat amounts are in minor units (cents). */
export const FIAT_DECIMALS = 2;

/** A payment option with its amount in the asset's base units and, for fiat invoices, the locked rate. */
export interface QuotedOption extends ResolvedOption {
  amount: bigint;
  rate: Rate | null;
}

/** What an invoice will hold: its amount in currency minor units and its priced payment options. */
export interface InvoiceQuote {
  currency: string;
  currencyDecimals: number;
  amount: bigint;
  options: QuotedOption[];
}

/** `req.amount` in units of `decimals` places: a 422 on `amount` if it has more places, or is not above zero. */
export function parseAmount(req: Pick<CreateInvoiceRequest, "amount">, decimals: number, currency: string): bigint {
  const parsed = parseDecimal(req.amount, decimals);
  if (parsed === null) {
    throw new AppError(
      "parameter_invalid",
      `amount has more than ${decimals} decimal places, which ${currency} cannot represent.`,
      { param: "amount" },
    );
  }
  if (parsed <= 0n) throw new AppError("parameter_invalid", "amount must be greater than zero.", { param: "amount" });
  return parsed;
}

function checkSize(amounts: bigint[]): void {
  if (amounts.some((a) => a > MAX_UINT256))
    throw new AppError("parameter_invalid", "amount is too large.", { param: "amount" });
}

/** A crypto-denominated invoice: the amount must be exactly representable in every option's asset; never rounded. */
function quoteCrypto(req: CreateInvoiceRequest, livemode: boolean): InvoiceQuote {
  const currency = req.currency.toUpperCase();
  const options = resolveCryptoOptions(req, livemode);
  const minDecimals = Math.min(...options.map((o) => o.decimals));
  const currencyDecimals = Math.max(...options.map((o) => o.decimals));
  const amount = rescale(parseAmount(req, minDecimals, currency), minDecimals, currencyDecimals);
  checkSize([amount]);
  return {
    currency,
    currencyDecimals,
    amount,
    options: options.map((o) => ({ ...o, amount: rescale(amount, currencyDecimals, o.decimals), rate: null })),
  };
}

/**
 * A fiat-priced invoice: each option's amount is the fiat amount at the option's rate, rounded up to
 * a whole base unit. A default option that cannot be priced (no source, or its rate is unavailable)
 * is left out; a requested one is a 422. No option left is a 422.
 */
async function quoteFiat(
  req: CreateInvoiceRequest,
  fiat: FiatCurrency,
  opts: { livemode: boolean; now: Date; rates?: RateSource },
): Promise<InvoiceQuote> {
  const amount = parseAmount(req, FIAT_DECIMALS, fiat);
  const rates = opts.rates ?? marketRates({ livemode: opts.livemode, now: opts.now });
  const candidates = resolveFiatCandidates(req, opts.livemode);
  const options: QuotedOption[] = [];
  let firstFailure: AppError | undefined;
  for (const candidate of candidates) {
    let rate: Rate | null;
    try {
      rate = await assetRateIn(rates, { asset: candidate.asset, fiat, networkId: candidate.networkId });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (candidate.param)
        throw new AppError(error.code, error.message, { param: candidate.param, cause: error.cause });
      logger().warn(
        { err: error, network: candidate.networkId, asset: candidate.asset },
        "payment option left out: no usable rate",
      );
      firstFailure ??= error;
      continue;
    }
    if (!rate) {
      if (candidate.param) {
        throw new AppError(
          "unsupported_asset",
          `${candidate.asset} on "${candidate.networkId}" cannot be priced in ${fiat}: no rate source.`,
          { param: `${candidate.param}.asset` },
        );
      }
      continue;
    }
    const base = fiatToBaseUnits({
      fiatAmount: amount,
      fiatDecimals: FIAT_DECIMALS,
      rate,
      assetDecimals: candidate.decimals,
    });
    options.push({ ...candidate, amount: base, rate });
  }
  if (options.length === 0) {
    throw (
      firstFailure ??
      new AppError(
        "unsupported_asset",
        `No enabled ${opts.livemode ? "live" : "test"} network offers an asset priced in ${fiat}.`,
        { param: "currency" },
      )
    );
  }
  checkSize(options.map((o) => o.amount));
  return { currency: fiat, currencyDecimals: FIAT_DECIMALS, amount, options };
}

/**
 * The amount and payment options of an invoice to create, validated; fiat-priced ones read their
 * rates from `rates` (default: the mode's market rates at `now`). Does not touch the database.
 */
export async function quoteInvoice(
  req: CreateInvoiceRequest,
  opts: { livemode: boolean; now: Date; rates?: RateSource },
): Promise<InvoiceQuote> {
  const currency = req.currency.toUpperCase();
  return isFiatCurrency(currency) ? quoteFiat(req, currency, opts) : quoteCrypto(req, opts.livemode);
}
