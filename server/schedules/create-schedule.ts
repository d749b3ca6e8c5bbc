import type { DbClient } from "../db";
import { AppError } from "../errors";
import { newId } from "../ids";
import { resolveFiatCandidates } from "../invoices/resolve-payment-options";
import { FIAT_DECIMALS, parseAmount, quoteInvoice } from "../invoices/quote-invoice";
import { toDbDecimal } from "../money";
import { isFiatCurrency } from "../pricing/market-rates";
import type { CreateScheduleRequest, ScheduleResponse } from "./invoice-schedule.schema";
import { scheduleSelect } from "./schedule-record";
import { serializeSchedule } from "./serialize-schedule";

const DAY_MS = 86_400_000;

/**
 * Each invoice's amount in minor units of the currency, and those units' decimals, validated as an invoice
 * would be (currency, amount places, payment methods) without reading a price feed: a fiat-priced invoice's
 * rates are locked when each one is created, so a feed that is down now does not refuse the schedule.
 */
async function templateAmount(
  request: CreateScheduleRequest,
  opts: { livemode: boolean; now: Date },
): Promise<{ amount: bigint; currency: string; currencyDecimals: number }> {
  const currency = request.currency.toUpperCase();
  if (isFiatCurrency(currency)) {
    const amount = parseAmount(request, FIAT_DECIMALS, currency);
    if (resolveFiatCandidates(request, opts.livemode).length === 0) {
      throw new AppError(
        "unsupported_asset",
        `No enabled ${opts.livemode ? "live" : "test"} network offers an asset.`,
        {
          param: "currency",
        },
      );
    }
    return { amount, currency, currencyDecimals: FIAT_DECIMALS };
  }
  // A crypto amount reads no rate: this is the very check invoice creation makes.
  const quote = await quoteInvoice(request, opts);
  return { amount: quote.amount, currency: quote.currency, currencyDecimals: quote.currencyDecimals };
}

/** `start_at` as a time within a day in the past and five years ahead of `now` (422 on `start_at` otherwise). */
function startTime(startAt: string | undefined, now: Date): Date {
  if (startAt === undefined) return now;
  const at = new Date(startAt);
  if (at.getTime() < now.getTime() - DAY_MS) {
    throw new AppError("parameter_invalid", "start_at may be at most one day in the past.", { param: "start_at" });
  }
  const latest = new Date(now.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + 5);
  if (at.getTime() > latest.getTime()) {
    throw new AppError("parameter_invalid", "start_at may be at most five years ahead.", { param: "start_at" });
  }
  return at;
}

/**
 * Create an invoice schedule for the merchant in one mode: validated like an invoice (422 with `param`
 * on any bad field, and nothing stored), then one row. Its first period is due at `start_at` (default now);
 * the worker's "schedules" tick creates each period's invoice. `customer` must be one of the merchant's customers in
 * the mode (404 `resource_missing` on `customer` otherwise, nothing stored).
 */
export async function createSchedule(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; request: CreateScheduleRequest; now?: Date },
): Promise<ScheduleResponse> {
  const { request } = opts;
  const now = opts.now ?? new Date();
  if (request.customer !== undefined) {
    const customer = await db.customer.findFirst({
      where: { id: request.customer, merchantId: opts.merchantId, livemode: opts.livemode },
      select: { id: true },
    });
    if (!customer)
      throw new AppError("resource_missing", `No such customer: '${request.customer}'.`, { param: "customer" });
  }
  const startAt = startTime(request.start_at, now);
  const { amount, currency, currencyDecimals } = await templateAmount(request, { livemode: opts.livemode, now });
  const record = await db.invoiceSchedule.create({
    data: {
      id: newId("sch"),
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      amount: toDbDecimal(amount),
      currency,
      currencyDecimals,
      interval: request.interval,
      intervalCount: request.interval_count ?? 1,
      startAt,
      orderIdPrefix: request.order_id_prefix ?? null,
      description: request.description ?? null,
      metadata: request.metadata ?? {},
      ...(request.payment_methods ? { paymentMethods: request.payment_methods } : {}),
      expiresIn: request.expires_in ?? null,
      customerId: request.customer ?? null,
      nextPeriod: 1,
      nextRunAt: startAt,
      createdAt: now,
    },
    select: scheduleSelect,
  });
  return serializeSchedule(record);
}
