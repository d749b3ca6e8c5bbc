import type { PgQueryable } from "../db/pg-pool";
import { AppError } from "../errors";
import { csvStream, type CsvColumn } from "../exports/csv-stream";
import { keysetPages, SqlParams } from "../exports/keyset-pages";
import { formatDecimal, toBigInt } from "../money";
import { participantCode } from "./participant-balances";

/** A participant's ledger movement as the statement reads it. */
interface StatementRow extends Record<string, unknown> {
  id: string;
  key: string;
  type: string;
  status: "pending" | "posted" | "voided";
  networkId: string;
  asset: string;
  decimals: number;
  amount: string;
  /** Whether the participant's account is credited (a split) or debited (a payout, a reversal). */
  credit: boolean;
  sourceId: string | null;
  invoiceId: string | null;
  orderId: string | null;
  txHash: string | null;
  payoutTxHash: string | null;
  description: string;
  createdAt: Date;
  postedAt: Date | null;
  voidedAt: Date | null;
}

/** One line of the statement: the movement and the participant's balance in its network and asset after it. */
export interface StatementLine {
  id: string;
  created_at: string;
  type: "split" | "split_reversal" | "payout";
  status: string;
  network: string;
  asset: string;
  amount: string;
  amount_base_units: string;
  balance: string;
  balance_base_units: string;
  invoice: string | null;
  order_id: string | null;
  payment: string | null;
  payout: string | null;
  tx_hash: string | null;
  description: string;
  posted_at: string | null;
  voided_at: string | null;
}

/**
 * What a movement does to the participant's available balance, in base units: a split adds (posted), a payout or a
 * reversal takes (reserved while pending, posted at confirmation); a voided one (a cancelled or failed payout) nothing.
 * Summed over every movement this is the balance `GET /api/v1/participants/{id}` shows.
 */
function effect(row: { status: string; credit: boolean; amount: bigint }): bigint {
  if (row.status === "voided") return 0n;
  if (row.credit) return row.status === "posted" ? row.amount : 0n;
  return -row.amount;
}

const SELECT = `t.id, t.key, t.type::text AS type, t.status::text AS status, t.network_id AS "networkId", t.asset, t.decimals,
  t.amount::text AS amount, (t.credit_account_id = ANY(%IDS%)) AS credit, t.source_id AS "sourceId",
  t.invoice_id AS "invoiceId", i.order_id AS "orderId", t.tx_hash AS "txHash", po.tx_hash AS "payoutTxHash",
  t.description, t.created_at AS "createdAt", t.posted_at AS "postedAt", t.voided_at AS "voidedAt"`;

/**
 * The participant's statement (`GET /api/v1/exports/participant_statement.csv`) as a CSV byte stream: every ledger
 * transfer of its accounts (splits in, payouts out, split reversals), oldest first (ties by id), read in keyset pages
 * of `pageSize`, each with the running balance of its network and asset after it. The balance opens with the sum of
 * the movements before `createdGte`. Amounts are decimal strings (signed: negative takes from the participant).
 * The participant must be the merchant's in this mode (the caller checks: a 404 otherwise).
 */
export async function participantStatementStream(
  db: PgQueryable,
  opts: {
    merchantId: string;
    livemode: boolean;
    participantId: string;
    createdGte?: Date;
    createdLt?: Date;
    pageSize?: number;
  },
): Promise<ReadableStream<Uint8Array>> {
  if (opts.createdGte && opts.createdLt && opts.createdLt <= opts.createdGte) {
    throw new AppError("parameter_invalid", "created_lt must be later than created_gte.", { param: "created_lt" });
  }
  const accounts = await db.query<{ id: string }>(
    `SELECT id FROM ledger_accounts WHERE merchant_id = $1 AND livemode = $2 AND code = $3`,
    [opts.merchantId, opts.livemode, participantCode(opts.merchantId, opts.participantId)],
  );
  const ids = accounts.rows.map((r) => r.id);
  const opening = new Map<string, bigint>();
  if (opts.createdGte && ids.length > 0) {
    const before = await db.query<{ network_id: string; asset: string; status: string; credit: boolean; sum: string }>(
      `SELECT network_id, asset, status::text AS status, (credit_account_id = ANY($1)) AS credit, sum(amount)::text AS sum
         FROM ledger_transfers
        WHERE (debit_account_id = ANY($1) OR credit_account_id = ANY($1)) AND created_at < $2
        GROUP BY 1, 2, 3, 4`,
      [ids, opts.createdGte],
    );
    for (const r of before.rows) {
      const k = `${r.network_id}/${r.asset}`;
      opening.set(k, (opening.get(k) ?? 0n) + effect({ ...r, amount: toBigInt(r.sum) }));
    }
  }
  const params = new SqlParams();
  const idsParam = params.add(ids);
  const where = [`(t.debit_account_id = ANY(${idsParam}) OR t.credit_account_id = ANY(${idsParam}))`];
  if (opts.createdGte) where.push(`t.created_at >= ${params.add(opts.createdGte)}`);
  if (opts.createdLt) where.push(`t.created_at < ${params.add(opts.createdLt)}`);
  const pages = keysetPages<StatementRow>(
    db,
    {
      select: SELECT.replace("%IDS%", idsParam),
      from: `ledger_transfers t LEFT JOIN invoices i ON i.id = t.invoice_id
        LEFT JOIN payouts po ON t.type = 'payout' AND po.id = t.source_id`,
      where,
      params,
      time: "t.created_at",
      id: "t.id",
    },
    opts.pageSize ?? 1000,
  );
  return csvStream(statementColumns, statementLines(ids.length === 0 ? emptyPages() : pages, opening));
}

async function* emptyPages(): AsyncGenerator<StatementRow[]> {}

/** The rows as statement lines, carrying each network and asset's balance from page to page. */
async function* statementLines(
  pages: AsyncGenerator<StatementRow[]>,
  balances: Map<string, bigint>,
): AsyncGenerator<StatementLine[]> {
  for await (const page of pages) {
    yield page.map((r) => {
      const amount = toBigInt(r.amount);
      const k = `${r.networkId}/${r.asset}`;
      const balance = (balances.get(k) ?? 0n) + effect({ status: r.status, credit: r.credit, amount });
      balances.set(k, balance);
      const signed = r.credit ? amount : -amount;
      const type = r.type === "payout" ? "payout" : r.credit ? "split" : "split_reversal";
      const fmt = (v: bigint) => formatDecimal(v, r.decimals, Math.min(2, r.decimals));
      return {
        id: r.id,
        created_at: r.createdAt.toISOString(),
        type,
        status: r.status,
        network: r.networkId,
        asset: r.asset,
        amount: fmt(signed),
        amount_base_units: signed.toString(),
        balance: fmt(balance),
        balance_base_units: balance.toString(),
        invoice: r.invoiceId,
        order_id: r.orderId,
        payment: type === "payout" ? null : r.sourceId,
        payout: type === "payout" ? r.sourceId : null,
        tx_hash: type === "payout" ? r.payoutTxHash : r.txHash,
        description: r.description,
        posted_at: r.postedAt?.toISOString() ?? null,
        voided_at: r.voidedAt?.toISOString() ?? null,
      };
    });
  }
}

const fields: (keyof StatementLine)[] = [
  "id",
  "created_at",
  "type",
  "status",
  "network",
  "asset",
  "amount",
  "amount_base_units",
  "balance",
  "balance_base_units",
  "invoice",
  "order_id",
  "payment",
  "payout",
  "tx_hash",
  "description",
  "posted_at",
  "voided_at",
];
const amountFields = new Set<keyof StatementLine>(["amount", "amount_base_units", "balance", "balance_base_units"]);

/** The statement's columns: text cells formula-escaped, amounts (which may start with `-`) not. */
export const statementColumns: readonly CsvColumn<StatementLine>[] = fields.map((field) => ({
  header: field,
  value: (r) => r[field],
  amount: amountFields.has(field),
}));

/** The download's file name: `payrail-participant-statement-{prt}-{test|live}[-from][-to].csv` (UTC days). */
export function statementFileName(opts: {
  participantId: string;
  livemode: boolean;
  createdGte?: Date;
  createdLt?: Date;
}): string {
  const parts = ["payrail-participant-statement", opts.participantId, opts.livemode ? "live" : "test"];
  if (opts.createdGte) parts.push(`from-${opts.createdGte.toISOString().slice(0, 10)}`);
  if (opts.createdLt) parts.push(`to-${opts.createdLt.toISOString().slice(0, 10)}`);
  return `${parts.join("-")}.csv`;
}
