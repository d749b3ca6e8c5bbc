import { hotQuery } from "../db/hot-query";
import type { DbClient } from "../db";
import { Prisma } from "../generated/prisma/client";

/** What serializing an invoice needs from the database, loaded in one query. */
export const invoiceRecordInclude = {
  merchant: { select: { name: true, supportEmail: true } },
  paymentOptions: { orderBy: { position: "asc" } },
  depositAddress: { select: { address: true } },
  // Dust (payments.dust) is recorded but is not one of the invoice's payments: it paid nothing.
  payments: { where: { dust: false }, orderBy: [{ detectedAt: "asc" }, { id: "asc" }] },
  refunds: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, status: true, networkId: true, asset: true, amount: true },
  },
  splits: { orderBy: { position: "asc" }, select: { participantId: true, basisPoints: true } },
} satisfies Prisma.InvoiceInclude;

export type InvoiceRecord = Prisma.InvoiceGetPayload<{ include: typeof invoiceRecordInclude }>;

type Amount = Prisma.Decimal | string;

/**
 * What the public invoice object is made of: a loaded `InvoiceRecord` is one, and so is the row of
 * `findInvoiceView` and the invoice that `createInvoice` has just written (built without reading it back).
 * Amounts are base or minor units (Decimal(78,0) or its integer string).
 */
export interface InvoiceView {
  id: string;
  livemode: boolean;
  status: InvoiceRecord["status"];
  reviewReason: InvoiceRecord["reviewReason"];
  amount: Amount;
  currency: string;
  currencyDecimals: number;
  amountPaid: Amount;
  amountOverpaid: Amount;
  orderId: string | null;
  description: string | null;
  metadata: Prisma.JsonValue;
  redirectUrl: string | null;
  /** The invoice schedule that created it, if any. */
  scheduleId: string | null;
  /** Its refunds, oldest first (amounts in base units); none loaded means none. */
  refunds?: { id: string; status: string; networkId: string; asset: string; amount: Amount }[];
  /** Its participants' shares (hundredths of a percent), in the order given; none when it has no splits. */
  splits?: { participantId: string; basisPoints: number }[];
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  depositAddress: { address: string } | null;
  paymentOptions: {
    id: string;
    networkId: string;
    chainId: number;
    asset: string;
    tokenAddress: string | null;
    decimals: number;
    amount: Amount;
    rate: string | null;
    rateSource: string | null;
    rateAt: Date | null;
  }[];
  payments: {
    id: string;
    networkId: string;
    asset: string;
    decimals: number;
    txHash: string;
    logIndex: number;
    fromAddress: string;
    toAddress: string;
    amount: Amount;
    blockNumber: bigint;
    status: InvoiceRecord["payments"][number]["status"];
    detectedAt: Date;
    confirmedAt: Date | null;
  }[];
}

/** The invoice with everything its public object shows, or null. */
export async function findInvoiceRecord(tx: DbClient, where: Prisma.InvoiceWhereInput): Promise<InvoiceRecord | null> {
  return tx.invoice.findFirst({ where, include: invoiceRecordInclude });
}

/** The last scanned block of each network, which payments' confirmation counts are measured against. */
export async function loadCursorHeights(tx: DbClient): Promise<Map<string, bigint>> {
  const rows = await tx.networkCursor.findMany({ select: { networkId: true, blockNumber: true } });
  return new Map(rows.flatMap((r) => (r.blockNumber === null ? [] : [[r.networkId, r.blockNumber] as const])));
}

/** The merchant's public face on the hosted page. */
export interface MerchantBranding {
  name: string;
  supportEmail: string | null;
  logoUrl: string | null;
  accentColor: string | null;
}

// Timestamps are `timestamp(3)` holding UTC; in JSON they are written with their zone so `new Date` reads them right.
const ts = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const VIEW_SQL = `
SELECT json_build_object(
  'id', i.id, 'livemode', i.livemode, 'status', i.status, 'reviewReason', i.review_reason,
  'amount', i.amount::text, 'currency', i.currency, 'currencyDecimals', i.currency_decimals,
  'amountPaid', i.amount_paid::text, 'amountOverpaid', i.amount_overpaid::text,
  'orderId', i.order_id, 'description', i.description, 'metadata', i.metadata, 'redirectUrl', i.redirect_url,
  'scheduleId', i.schedule_id,
  'createdAt', ${ts("i.created_at")}, 'updatedAt', ${ts("i.updated_at")}, 'expiresAt', ${ts("i.expires_at")},
  'paidAt', ${ts("i.paid_at")},
  'address', (SELECT d.address FROM deposit_addresses d WHERE d.invoice_id = i.id),
  'options', COALESCE((
    SELECT json_agg(json_build_object(
      'id', o.id, 'networkId', o.network_id, 'chainId', o.chain_id, 'asset', o.asset, 'tokenAddress', o.token_address,
      'decimals', o.decimals, 'amount', o.amount::text, 'rate', o.rate, 'rateSource', o.rate_source, 'rateAt', ${ts("o.rate_at")}
    ) ORDER BY o.position)
    FROM payment_options o WHERE o.invoice_id = i.id), '[]'),
  'payments', COALESCE((
    SELECT json_agg(json_build_object(
      'id', p.id, 'networkId', p.network_id, 'asset', p.asset, 'decimals', p.decimals, 'txHash', p.tx_hash,
      'logIndex', p.log_index, 'fromAddress', p.from_address, 'toAddress', p.to_address, 'amount', p.amount::text,
      'blockNumber', p.block_number::text, 'status', p.status, 'detectedAt', ${ts("p.detected_at")},
      'confirmedAt', ${ts("p.confirmed_at")}, 'height', c.block_number::text
    ) ORDER BY p.detected_at, p.id)
    FROM payments p LEFT JOIN network_cursors c ON c.network_id = p.network_id WHERE p.invoice_id = i.id AND NOT p.dust), '[]'),
  'splits', COALESCE((
    SELECT json_agg(json_build_object('participantId', s.participant_id, 'basisPoints', s.basis_points) ORDER BY s.position)
    FROM invoice_splits s WHERE s.invoice_id = i.id), '[]'),
  'refunds', COALESCE((
    SELECT json_agg(json_build_object('id', r.id, 'status', r.status, 'networkId', r.network_id, 'asset', r.asset,
                                      'amount', r.amount::text) ORDER BY r.created_at, r.id)
    FROM refunds r WHERE r.invoice_id = i.id), '[]')
  %MERCHANT%
) AS v
FROM invoices i %JOIN%
WHERE i.id = $1 %SCOPE%`;

const MERCHANT_FIELDS = `, 'merchant', json_build_object('name', m.name, 'supportEmail', m.support_email, 'logoUrl', m.logo_url, 'accentColor', m.accent_color)`;

const SQL = {
  scoped: {
    name: "payrail_invoice_view",
    text: VIEW_SQL.replace("%MERCHANT%", "")
      .replace("%JOIN%", "")
      .replace("%SCOPE%", "AND i.merchant_id = $2 AND i.livemode = $3"),
  },
  public: {
    name: "payrail_public_invoice_view",
    text: VIEW_SQL.replace("%MERCHANT%", MERCHANT_FIELDS)
      .replace("%JOIN%", "JOIN merchants m ON m.id = i.merchant_id")
      .replace("%SCOPE%", ""),
  },
};

interface ViewRow {
  id: string;
  livemode: boolean;
  status: InvoiceView["status"];
  reviewReason: InvoiceView["reviewReason"];
  amount: string;
  currency: string;
  currencyDecimals: number;
  amountPaid: string;
  amountOverpaid: string;
  orderId: string | null;
  description: string | null;
  metadata: Prisma.JsonValue;
  redirectUrl: string | null;
  scheduleId: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  paidAt: string | null;
  address: string | null;
  options: (Omit<InvoiceView["paymentOptions"][number], "rateAt"> & { rateAt: string | null })[];
  payments: (Omit<InvoiceView["payments"][number], "blockNumber" | "detectedAt" | "confirmedAt"> & {
    blockNumber: string;
    detectedAt: string;
    confirmedAt: string | null;
    height: string | null;
  })[];
  splits: { participantId: string; basisPoints: number }[];
  refunds: { id: string; status: string; networkId: string; asset: string; amount: string }[];
  merchant?: MerchantBranding;
}

const date = (s: string) => new Date(s);
const maybeDate = (s: string | null) => (s === null ? null : new Date(s));

/** An invoice as its public object needs it, with the scanned heights of its payments' networks. */
export interface LoadedInvoice {
  invoice: InvoiceView;
  heights: Map<string, bigint>;
}

function toLoaded(row: ViewRow): LoadedInvoice {
  const heights = new Map<string, bigint>();
  for (const p of row.payments) if (p.height !== null) heights.set(p.networkId, BigInt(p.height));
  return {
    invoice: {
      id: row.id,
      livemode: row.livemode,
      status: row.status,
      reviewReason: row.reviewReason,
      amount: row.amount,
      currency: row.currency,
      currencyDecimals: row.currencyDecimals,
      amountPaid: row.amountPaid,
      amountOverpaid: row.amountOverpaid,
      orderId: row.orderId,
      description: row.description,
      metadata: row.metadata,
      redirectUrl: row.redirectUrl,
      scheduleId: row.scheduleId,
      splits: row.splits,
      refunds: row.refunds,
      createdAt: date(row.createdAt),
      updatedAt: date(row.updatedAt),
      expiresAt: date(row.expiresAt),
      paidAt: maybeDate(row.paidAt),
      depositAddress: row.address === null ? null : { address: row.address },
      paymentOptions: row.options.map((o) => ({ ...o, rateAt: maybeDate(o.rateAt) })),
      payments: row.payments.map(({ height: _height, ...p }) => ({
        ...p,
        blockNumber: BigInt(p.blockNumber),
        detectedAt: date(p.detectedAt),
        confirmedAt: maybeDate(p.confirmedAt),
      })),
    },
    heights,
  };
}

/**
 * The merchant's invoice in this mode with what its public object needs (options, address,
 * payments and their networks' scanned heights), in one query; null for another merchant's or mode's.
 */
export async function findInvoiceView(
  tx: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<LoadedInvoice | null> {
  const rows = await hotQuery<{ v: ViewRow }>(tx, SQL.scoped, [opts.id, opts.merchantId, opts.livemode]);
  return rows[0] ? toLoaded(rows[0].v) : null;
}

/** Any invoice by id with its merchant's public name and branding, in one query (the hosted page's read); null if none. */
export async function findPublicInvoiceView(
  tx: DbClient,
  id: string,
): Promise<(LoadedInvoice & { merchant: MerchantBranding }) | null> {
  const rows = await hotQuery<{ v: ViewRow }>(tx, SQL.public, [id]);
  const row = rows[0]?.v;
  if (!row?.merchant) return null;
  return { ...toLoaded(row), merchant: row.merchant };
}
