import { createHash } from "node:crypto";
import { getAddress } from "viem";
import type { DbClient } from "../../db";
import { getBalances } from "../../ledger/get-balances";
import { formatDecimal } from "../../money";
import { resolvePayoutAsset } from "../payout-asset";
import { parsePayoutCsv } from "./parse-payout-csv";
import { validatePayoutRows, type PayoutCsvItem, type PayoutCsvProblem } from "./validate-payout-rows";

/** What the upload page shows before anything is created. Amounts are decimal strings of `asset`. */
export interface PayoutCsvPreview {
  network: string;
  asset: string;
  decimals: number;
  /** SHA-256 (hex) of the file's exact text: creating the batch sends it back with the same text. */
  digest: string;
  /** Why the whole file is refused (header, row count, total over the available balance); then no batch. */
  fileErrors: string[];
  /** Rows after the header (blank lines at the end not counted). */
  rows: number;
  errors: number;
  warnings: number;
  /** Every problem, by line. */
  problems: PayoutCsvProblem[];
  /** The cells of each row with a problem, by line (as written, trimmed), to show beside it. */
  problemRows: Record<number, string[]>;
  /** The rows without errors, in file order: what the batch will hold when there are no errors at all. */
  payouts: { line: number; address: string; amount: string; reference: string | null }[];
  /** Sum of the rows whose amount is valid. */
  total: string;
  /** The merchant's available balance of this network and asset now. */
  available: string;
  /** True when there is no error of any kind: "Create batch" may send it. */
  canCreate: boolean;
}

/** SHA-256 (hex) of the exact text of a file. */
export const csvDigest = (csv: string) => createHash("sha256").update(csv, "utf8").digest("hex");

/**
 * Check a payouts CSV (`address,amount,reference`) for a batch of `asset` on `network`, creating nothing: the
 * file-level errors (see parsePayoutCsv), every row's problems (see validatePayoutRows), references the merchant
 * already used in this mode (`reference_exists`), and the total of the valid amounts against the ledger's available
 * balance (over it: a file error). Errors: 422 `unsupported_network` / `unsupported_asset`.
 */
export async function previewPayoutCsv(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; network: string; asset: string; csv: string },
): Promise<PayoutCsvPreview & { items: PayoutCsvItem[] }> {
  const target = resolvePayoutAsset({ livemode: opts.livemode, network: opts.network, asset: opts.asset });
  const { symbol, decimals } = target.asset;
  const money = (units: bigint) => formatDecimal(units, decimals, Math.min(2, decimals));
  const balance = (await getBalances(db, { merchantId: opts.merchantId, livemode: opts.livemode })).find(
    (b) => b.networkId === target.network.id && b.asset === symbol,
  );
  const available = balance?.available ?? 0n;
  const base = {
    network: target.network.id,
    asset: symbol,
    decimals,
    digest: csvDigest(opts.csv),
    available: money(available),
  };

  const parsed = parsePayoutCsv(opts.csv);
  if (!parsed.ok) {
    return {
      ...base,
      fileErrors: [parsed.error],
      rows: 0,
      errors: 0,
      warnings: 0,
      problems: [],
      problemRows: {},
      payouts: [],
      items: [],
      total: money(0n),
      canCreate: false,
    };
  }
  const checked = validatePayoutRows(parsed.records, target.asset);
  const problems = [...checked.problems];
  let items = checked.items;
  const references = [...new Set(items.flatMap((i) => (i.reference ? [i.reference] : [])))];
  if (references.length > 0) {
    const existing = new Set(
      (
        await db.payout.findMany({
          where: { merchantId: opts.merchantId, livemode: opts.livemode, reference: { in: references } },
          select: { reference: true },
        })
      ).map((p) => p.reference),
    );
    if (existing.size > 0) {
      for (const item of items.filter((i) => i.reference && existing.has(i.reference))) {
        problems.push({
          line: item.line,
          severity: "error",
          field: "reference",
          code: "reference_exists",
          message: `A payout with reference "${item.reference}" exists already: was this file uploaded before?`,
        });
      }
      items = items.filter((i) => !(i.reference && existing.has(i.reference)));
    }
  }
  problems.sort((a, b) => a.line - b.line || (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));

  // The total counts every valid amount, rows with other errors included: what the file would pay once fixed.
  const totalOfValidAmounts = checked.total;
  const fileErrors: string[] = [];
  if (totalOfValidAmounts > available) {
    fileErrors.push(
      `The total, ${money(totalOfValidAmounts)} ${symbol}, is more than the available balance, ${money(available)} ${symbol}, on ${target.network.name}.`,
    );
  }
  const problemLines = new Set(problems.map((p) => p.line));
  const errors = problems.filter((p) => p.severity === "error").length;
  return {
    ...base,
    fileErrors,
    rows: parsed.records.length,
    errors,
    warnings: problems.length - errors,
    problems,
    problemRows: Object.fromEntries(
      parsed.records.filter((r) => problemLines.has(r.line)).map((r) => [r.line, r.fields.map((f) => f.trim())]),
    ),
    payouts: items.map((i) => ({
      line: i.line,
      address: getAddress(i.address),
      amount: money(i.amount),
      reference: i.reference,
    })),
    items,
    total: money(totalOfValidAmounts),
    canCreate: fileErrors.length === 0 && errors === 0,
  };
}
