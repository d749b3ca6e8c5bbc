import type { DbClient } from "../db";
import { hotQuery, isRootClient, postgresErrorOf } from "../db/hot-query";
import { newId } from "../ids";
import { formatRate } from "../pricing/convert";
import { deriveDepositAddress } from "../wallets/derive-deposit-address";
import { resolveSplits } from "../participants/resolve-splits";
import { allocateDepositIndex } from "./allocate-deposit-index";
import type { CreateInvoiceRequest } from "./create-invoice.schema";
import type { InvoiceView } from "./invoice-record";
import type { InvoiceResponse } from "./invoice.schema";
import { quoteInvoice, type InvoiceQuote } from "./quote-invoice";
import { serializeInvoice } from "./serialize-invoice";
import { underpaymentTolerance } from "./tolerance";

/** How long after expiry an invoice's address stays watched, so late payments are seen. */
export const MONITORING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

const CREATED = "invoice.created";

// The invoice, its options, its deposit address, its `invoice.created` event and one pending delivery
// per subscribed endpoint, in one statement: it commits whole or not at all, like a transaction, in one
// round trip. (Foreign keys are checked at the end of the statement, when every row is in.) Delivery
// ids come from $21, one per subscribed endpoint; if there are more endpoints than ids, the id of a
// delivery is null and the statement fails as a whole (see createInvoice).
const INSERT_SQL = `
WITH inv AS (
  INSERT INTO invoices (id, merchant_id, livemode, amount, currency, currency_decimals, underpayment_tolerance, order_id,
                        description, metadata, redirect_url, customer_email, event_sequence, expires_at, created_at, updated_at,
                        schedule_id)
  VALUES ($1, $2, $3, $4::numeric, $5, $6, $7::numeric, $8, $9, $10::jsonb, $11, $12, 1, $13::timestamp, $14::timestamp, $14::timestamp,
          $24)
), opt AS (
  INSERT INTO payment_options (id, invoice_id, network_id, chain_id, asset, token_address, decimals, amount, position, rate, rate_source, rate_at)
  SELECT o.id, $1, o.network_id, o.chain_id, o.asset, o.token_address, o.decimals, o.amount::numeric, o.position, o.rate, o.rate_source,
         o.rate_at::timestamp
    FROM jsonb_to_recordset($15::jsonb) AS o(id text, network_id text, chain_id int, asset text, token_address text, decimals int,
                                            amount text, position int, rate text, rate_source text, rate_at text)
), dep AS (
  INSERT INTO deposit_addresses (id, merchant_id, invoice_id, livemode, address, derivation_path, watch_until, created_at)
  VALUES ($16, $2, $1, $3, $17, $18, $19::timestamp, $14::timestamp)
), evt AS (
  INSERT INTO events (id, merchant_id, livemode, type, invoice_id, sequence, data, cause)
  VALUES ($20, $2, $3, '${CREATED}', $1, 1, $22::jsonb, $23::jsonb)
), spl AS (
  INSERT INTO invoice_splits (invoice_id, position, participant_id, basis_points)
  SELECT $1, s.position, s.participant_id, s.basis_points
    FROM jsonb_to_recordset($25::jsonb) AS s(position int, participant_id text, basis_points int)
), subscribed AS (
  SELECT e.id, row_number() OVER (ORDER BY e.id) AS n
    FROM webhook_endpoints e
   WHERE e.merchant_id = $2 AND e.livemode = $3 AND e.enabled AND e.deleted_at IS NULL AND e.events && ARRAY['*', '${CREATED}']
), wd AS (
  INSERT INTO webhook_deliveries (id, event_id, endpoint_id, updated_at)
  SELECT ($21::text[])[s.n], $20, s.id, $14::timestamp FROM subscribed s
)
SELECT count(*)::int AS deliveries FROM subscribed`;
const INSERT = { name: "payrail_create_invoice", text: INSERT_SQL };

const COUNT_SQL = `SELECT count(*)::int AS n FROM webhook_endpoints e
  WHERE e.merchant_id = $1 AND e.livemode = $2 AND e.enabled AND e.deleted_at IS NULL AND e.events && ARRAY['*', '${CREATED}']`;

/** How many enabled endpoints of the merchant in this mode subscribe to `invoice.created`. */
async function countSubscribed(db: DbClient, opts: { merchantId: string; livemode: boolean }): Promise<number> {
  const counted = await db.$queryRawUnsafe<{ n: number }[]>(COUNT_SQL, opts.merchantId, opts.livemode);
  return Number(counted[0]?.n ?? 0);
}

// How many endpoints of a merchant and mode received the last `invoice.created`: so many delivery ids are
// generated for the next one (and two spare). Only a hint: a wrong one costs a retry, never a lost delivery.
const endpointHints = new Map<string, number>();

/** The statement's NOT NULL violation on `webhook_deliveries.id` (PostgreSQL's 23502). */
function isMissingDeliveryId(error: unknown): boolean {
  const { code, message } = postgresErrorOf(error);
  return code === "23502" && /column "id" of relation "webhook_deliveries"/.test(message ?? "");
}

const iso = (d: Date) => d.toISOString();

/**
 * Create an invoice with its own HD deposit address and its payment options, its `invoice.created`
 * event and the event's pending deliveries. Crypto-denominated amounts are exact in every option;
 * fiat-priced ones lock each option's rate (see quote-invoice.ts). Pass a `quote` made beforehand so
 * that no price feed is read here.
 *
 * Two statements, no lock taken: the address index is allocated first (a sequence read with the
 * merchant's settings, see allocate-deposit-index.ts), then everything is written in one statement
 * that commits whole or not at all. Nothing is read back: the invoice object (returned, and the
 * event's body) is built from what was written. Inside a caller's transaction both statements are
 * part of it, after a count of the subscribed endpoints (there a failed statement could not be retried).
 *
 * `scheduleId` marks an invoice an invoice schedule created (server/schedules/), and `cause` is then the
 * `invoice.created` event's cause (default: the API's).
 */
export async function createInvoice(
  db: DbClient,
  opts: {
    merchantId: string;
    livemode: boolean;
    request: CreateInvoiceRequest;
    quote?: InvoiceQuote;
    /** Refuse (409 `open_invoice_limit_reached`) when the merchant already has this many open invoices in this mode. */
    openInvoiceLimit?: number;
    now?: Date;
    scheduleId?: string;
    cause?: Record<string, string | number>;
  },
): Promise<{ id: string; invoice: InvoiceResponse }> {
  const req = opts.request;
  const now = opts.now ?? new Date();
  const { amount, currency, currencyDecimals, options } =
    opts.quote ?? (await quoteInvoice(req, { livemode: opts.livemode, now }));

  // Checked before the address index is taken: a bad split (404 / 422) leaves nothing behind.
  const splits = req.splits
    ? await resolveSplits(db, { merchantId: opts.merchantId, livemode: opts.livemode, splits: req.splits })
    : [];
  const merchant = await allocateDepositIndex(db, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    openInvoiceLimit: opts.openInvoiceLimit,
  });
  const deposit = deriveDepositAddress({
    hdAccountIndex: merchant.hdAccountIndex,
    livemode: opts.livemode,
    index: merchant.index,
    xpub: merchant.xpub,
  });
  const expiresAt = new Date(now.getTime() + (req.expires_in ?? merchant.defaultExpirySeconds) * 1000);
  const tolerance = underpaymentTolerance(
    amount,
    { currency, currencyDecimals },
    {
      kind: merchant.underpaymentToleranceKind,
      value: merchant.underpaymentToleranceValue,
      currency: merchant.underpaymentToleranceCurrency,
    },
  );

  const view: InvoiceView = {
    id: newId("inv"),
    livemode: opts.livemode,
    status: "created",
    reviewReason: null,
    amount: amount.toString(),
    currency,
    currencyDecimals,
    amountPaid: "0",
    amountOverpaid: "0",
    orderId: req.order_id ?? null,
    description: req.description ?? null,
    metadata: req.metadata ?? {},
    redirectUrl: req.redirect_url ?? null,
    scheduleId: opts.scheduleId ?? null,
    splits: splits.map((s) => ({ participantId: s.participantId, basisPoints: s.basisPoints })),
    createdAt: now,
    updatedAt: now,
    expiresAt,
    paidAt: null,
    depositAddress: { address: deposit.address.toLowerCase() },
    paymentOptions: options.map((o) => ({
      id: newId("opt"),
      networkId: o.networkId,
      chainId: o.chainId,
      asset: o.asset,
      tokenAddress: o.tokenAddress,
      decimals: o.decimals,
      amount: o.amount.toString(),
      rate: o.rate ? formatRate(o.rate) : null,
      rateSource: o.rate?.source ?? null,
      rateAt: o.rate?.at ?? null,
    })),
    payments: [],
  };
  const invoice = serializeInvoice(view, new Map());

  const optionRows = view.paymentOptions.map((o, position) => ({
    id: o.id,
    network_id: o.networkId,
    chain_id: o.chainId,
    asset: o.asset,
    token_address: o.tokenAddress,
    decimals: o.decimals,
    amount: o.amount,
    position,
    rate: o.rate,
    rate_source: o.rateSource,
    rate_at: o.rateAt ? iso(o.rateAt) : null,
  }));
  const eventId = newId("evt");
  const hintKey = `${opts.merchantId}:${opts.livemode}`;
  // Inside a caller's transaction a failed statement would abort it, so there the endpoints are counted first.
  const retryable = isRootClient(db);
  let idsWanted = (retryable ? (endpointHints.get(hintKey) ?? 0) : await countSubscribed(db, opts)) + 2;
  for (let attempt = 0; ; attempt++) {
    const deliveryIds = Array.from({ length: idsWanted }, () => newId("wd"));
    try {
      const rows = await hotQuery<{ deliveries: number }>(db, INSERT, [
        view.id,
        opts.merchantId,
        opts.livemode,
        amount.toString(),
        currency,
        currencyDecimals,
        tolerance.toString(),
        view.orderId,
        view.description,
        JSON.stringify(view.metadata),
        view.redirectUrl,
        req.customer_email ?? null,
        iso(expiresAt),
        iso(now),
        JSON.stringify(optionRows),
        newId("dep"),
        view.depositAddress!.address,
        deposit.path,
        iso(new Date(expiresAt.getTime() + MONITORING_WINDOW_MS)),
        eventId,
        deliveryIds,
        JSON.stringify({ object: invoice }),
        JSON.stringify(opts.cause ?? { source: "api", action: "create_invoice" }),
        view.scheduleId,
        JSON.stringify(
          splits.map((s) => ({ position: s.position, participant_id: s.participantId, basis_points: s.basisPoints })),
        ),
      ]);
      endpointHints.set(hintKey, Number(rows[0]?.deliveries ?? 0));
      return { id: view.id, invoice };
    } catch (error) {
      // More subscribed endpoints than delivery ids (one was added since the hint): nothing was written; count and retry.
      if (!retryable || attempt >= 3 || !isMissingDeliveryId(error)) throw error;
      idsWanted = (await countSubscribed(db, opts)) + 2;
    }
  }
}
