// Pure and free of server imports: the upload page runs it too, to refuse a file (bad header, too many rows)
// before sending it. The server always parses the file again itself.

/** The exact header line a payouts CSV starts with. */
export const PAYOUT_CSV_HEADER = "address,amount,reference";

/** Most payouts in one file: the most one batch holds (MAX_BATCH_ITEMS in payout.schema.ts). */
export const MAX_CSV_ROWS = 1000;

/** Largest CSV text the upload takes (characters): 1,000 rows of a 200-character reference fit. */
export const MAX_CSV_CHARS = 300_000;

/** One record of the file after the header: its fields as written (unquoted) and the line it starts on (header: 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The file as records, or why the file as a whole is refused (then no record is reported). */
export type ParsedPayoutCsv = { ok: true; records: CsvRecord[] } | { ok: false; error: string };

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/**
 * Split CSV text into records per RFC 4180: fields separated by commas, records by CRLF or LF (a lone CR too),
 * a field in double quotes may hold commas, line breaks and doubled quotes. A UTF-8 BOM at the start and one
 * trailing line break are ignored. Reads at most `maxRecords` records and reports whether more followed, so a
 * file of 10,001 rows is refused after 1,001 of them without building the rest. An unterminated quote is an error.
 */
export function splitCsvRecords(
  text: string,
  maxRecords: number,
): { records: CsvRecord[]; more: boolean } | { error: string } {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    if (records.length === maxRecords) {
      // More only if something other than line breaks follows (blank lines at the end are not rows).
      const rest = /[^\r\n]/g;
      rest.lastIndex = i;
      return { records, more: rest.test(text) };
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) return { error: `Line ${start}: a quoted field is not closed (a " is missing).` };
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
          field += c;
          i++;
        }
        if (i < n && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
          return {
            error: `Line ${line}: text after a closing quote (quote the whole field, and double quotes in it).`,
          };
        }
      } else {
        let end = i;
        while (end < n && text[end] !== "," && text[end] !== "\r" && text[end] !== "\n") end++;
        field = text.slice(i, end);
        if (field.includes('"')) {
          return { error: `Line ${line}: a quote inside an unquoted field (quote the whole field, and double it).` };
        }
        i = end;
      }
      fields.push(field);
      if (i < n && text[i] === ",") {
        i++;
        continue;
      }
      break;
    }
    // The record's line break: CRLF, LF or CR.
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    line++;
    records.push({ line: start, fields });
  }
  return { records, more: false };
}

/** A record of one empty field: an empty line. */
export const isBlank = (r: CsvRecord) => r.fields.length === 1 && r.fields[0] === "";

/**
 * A payouts file (`address,amount,reference`, then 1 to 1,000 rows) as records, or the one reason the whole file
 * is refused: no header or another header (exact, case and spaces included), no rows, more than 1,000 rows (read no
 * further than row 1,001), a broken quote. Rows are not checked here (see validate-payout-rows.ts).
 */
export function parsePayoutCsv(text: string): ParsedPayoutCsv {
  const split = splitCsvRecords(text, MAX_CSV_ROWS + 1);
  if ("error" in split) return { ok: false, error: split.error };
  const [header, ...records] = split.records;
  // Blank lines at the end (spreadsheets write them) are not rows; a blank line between rows is reported as one.
  while (records.length > 0 && isBlank(records.at(-1)!)) records.pop();
  if (!header || isBlank(header)) {
    return { ok: false, error: `The file is empty: its first line must be the header "${PAYOUT_CSV_HEADER}".` };
  }
  const got = header.fields.join(",");
  if (got !== PAYOUT_CSV_HEADER) {
    return {
      ok: false,
      error: `The first line must be exactly "${PAYOUT_CSV_HEADER}" (found "${got.length > 80 ? `${got.slice(0, 80)}…` : got}").`,
    };
  }
  if (split.more) {
    return {
      ok: false,
      error: `The file has more than ${plural(MAX_CSV_ROWS, "row")} after the header: a batch holds 1 to ${MAX_CSV_ROWS.toLocaleString("en-US")} payouts. Split it into files of at most ${MAX_CSV_ROWS.toLocaleString("en-US")} rows.`,
    };
  }
  if (records.length === 0) return { ok: false, error: "The file has a header but no payouts: add 1 to 1,000 rows." };
  return { ok: true, records };
}
