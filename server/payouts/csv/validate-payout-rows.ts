import { getAddress, isAddress, zeroAddress } from "viem";
import { formatDecimal } from "../../money";
import { isBlank, type CsvRecord } from "./parse-payout-csv";

/** Why a row is refused (`error`: the batch cannot be created) or worth a second look (`warning`). */
export const payoutCsvProblemCodes = [
  "empty_row",
  "wrong_field_count",
  "address_missing",
  "address_invalid",
  "address_checksum",
  "address_zero",
  "amount_missing",
  "amount_invalid",
  "amount_negative",
  "amount_zero",
  "amount_too_precise",
  "reference_too_long",
  "reference_duplicate",
  "reference_exists",
  "duplicate_payout",
] as const;
export type PayoutCsvProblemCode = (typeof payoutCsvProblemCodes)[number];

/** One problem of one row: the line it starts on (the header is line 1), the field, and what to do in words. */
export interface PayoutCsvProblem {
  line: number;
  severity: "error" | "warning";
  field: "row" | "address" | "amount" | "reference";
  code: PayoutCsvProblemCode;
  message: string;
}

/** A row without errors: what the batch item will be (lowercase address, base units). */
export interface PayoutCsvItem {
  line: number;
  address: string;
  amount: bigint;
  reference: string | null;
}

/** Longest reference (as the API's `reference`). */
export const MAX_REFERENCE_LENGTH = 200;
/** Most whole-unit digits of an amount (as the API's amount pattern). */
const MAX_WHOLE_DIGITS = 31;

type Problem = Omit<PayoutCsvProblem, "line">;

/** The address's problems (the rules of payoutAddress in payout-asset.ts), or its lowercase form. */
function checkAddress(raw: string): Problem | string {
  if (raw === "")
    return { severity: "error", field: "address", code: "address_missing", message: "The address is empty." };
  if (!isAddress(raw, { strict: false })) {
    return {
      severity: "error",
      field: "address",
      code: "address_invalid",
      message: "Not an EVM address: 0x and 40 hex digits.",
    };
  }
  // A mixed-case address carries an EIP-55 checksum: one typo in it must not send money astray.
  if (raw !== raw.toLowerCase() && raw.slice(2) !== raw.slice(2).toUpperCase() && getAddress(raw) !== raw) {
    return {
      severity: "error",
      field: "address",
      code: "address_checksum",
      message: "The address's upper and lower case letters (its EIP-55 checksum) do not match: check it for a typo.",
    };
  }
  const lower = raw.toLowerCase();
  if (lower === zeroAddress) {
    return {
      severity: "error",
      field: "address",
      code: "address_zero",
      message: "The zero address: money sent there is lost.",
    };
  }
  return lower;
}

/** The amount's problems, or its base units. Plain decimals only: no sign, exponent, thousands separator or symbol. */
function checkAmount(raw: string, asset: { symbol: string; decimals: number }): Problem | bigint {
  const problem = (code: PayoutCsvProblemCode, message: string): Problem => ({
    severity: "error",
    field: "amount",
    code,
    message,
  });
  if (raw === "") return problem("amount_missing", "The amount is empty.");
  if (/^-\s*\d*(\.\d*)?$/.test(raw) && /\d/.test(raw)) return problem("amount_negative", "The amount is negative.");
  const match = /^(\d+)(?:\.(\d+))?$/.exec(raw);
  if (!match) return problem("amount_invalid", `Not a decimal amount such as "25.00" (found "${raw.slice(0, 40)}").`);
  const whole = match[1]!.replace(/^0+(?=\d)/, "");
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (whole.length > MAX_WHOLE_DIGITS) return problem("amount_invalid", "The amount is too large.");
  if (fraction.length > asset.decimals) {
    return problem(
      "amount_too_precise",
      `Too many decimal places: ${asset.symbol} has ${asset.decimals} (found ${match[2]!.length}).`,
    );
  }
  const units = BigInt(whole) * 10n ** BigInt(asset.decimals) + BigInt(fraction.padEnd(asset.decimals, "0") || "0");
  if (units === 0n) return problem("amount_zero", "The amount is zero.");
  return units;
}

/**
 * Check every row of a payouts file for `asset`: each problem with its line (several per row when several fields
 * are wrong), and the rows without errors as batch items. Errors: an empty row, a row of other than 3 fields, a
 * missing, malformed, mis-checksummed or zero address, a missing, malformed, negative, zero or too precise amount,
 * a reference over 200 characters or repeated in the file (reported on its later lines). Warning only: the same
 * address and amount as an earlier row (a payout listed twice?). Fields are trimmed; an empty reference is none.
 * `total` sums every valid amount, rows with other errors included (what the file would pay once fixed).
 * Pure: references already used by the merchant are checked by previewPayoutCsv.
 */
export function validatePayoutRows(
  records: readonly CsvRecord[],
  asset: { symbol: string; decimals: number },
): { items: PayoutCsvItem[]; problems: PayoutCsvProblem[]; total: bigint } {
  const items: PayoutCsvItem[] = [];
  let total = 0n;
  const problems: PayoutCsvProblem[] = [];
  const referenceLines = new Map<string, number>();
  const payoutLines = new Map<string, number>();
  for (const record of records) {
    const { line } = record;
    const add = (p: Problem) => problems.push({ line, ...p });
    if (isBlank(record) || record.fields.every((f) => f.trim() === "")) {
      add({ severity: "error", field: "row", code: "empty_row", message: "An empty row: delete it." });
      continue;
    }
    if (record.fields.length !== 3) {
      add({
        severity: "error",
        field: "row",
        code: "wrong_field_count",
        message: `${record.fields.length} fields where address,amount,reference are 3 (a comma in a reference needs quotes).`,
      });
      continue;
    }
    const [rawAddress, rawAmount, rawReference] = record.fields.map((f) => f.trim()) as [string, string, string];
    const address = checkAddress(rawAddress);
    const amount = checkAmount(rawAmount, asset);
    const reference = rawReference === "" ? null : rawReference;
    let ok = true;
    if (typeof address !== "string") {
      add(address);
      ok = false;
    }
    if (typeof amount !== "bigint") {
      add(amount);
      ok = false;
    } else total += amount;
    if (reference !== null && reference.length > MAX_REFERENCE_LENGTH) {
      add({
        severity: "error",
        field: "reference",
        code: "reference_too_long",
        message: `The reference is ${reference.length} characters: at most ${MAX_REFERENCE_LENGTH}.`,
      });
      ok = false;
    } else if (reference !== null) {
      const first = referenceLines.get(reference);
      if (first !== undefined) {
        add({
          severity: "error",
          field: "reference",
          code: "reference_duplicate",
          message: `Reference "${reference}" is also on line ${first}: references are unique.`,
        });
        ok = false;
      } else referenceLines.set(reference, line);
    }
    if (typeof address === "string" && typeof amount === "bigint") {
      const key = `${address}/${amount}`;
      const first = payoutLines.get(key);
      if (first !== undefined) {
        add({
          severity: "warning",
          field: "row",
          code: "duplicate_payout",
          message: `Same address and amount (${formatDecimal(amount, asset.decimals, Math.min(2, asset.decimals))} ${asset.symbol}) as line ${first}: is it listed twice?`,
        });
      } else payoutLines.set(key, line);
    }
    if (ok) items.push({ line, address: address as string, amount: amount as bigint, reference });
  }
  return { items, problems, total };
}
