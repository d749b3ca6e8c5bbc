import { stringify } from "csv-stringify/sync";

/** A CSV column: its header and whether it holds an amount (never formula-escaped: "-1.50" stays a number). */
export interface CsvColumn<R> {
  header: string;
  value: (row: R) => string | number | boolean | null;
  amount?: boolean;
}

/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
 * strip first) as a formula; a leading `'` makes it text (OWASP "CSV injection"). Only text cells are
 * escaped: an amount such as "-1.50" must stay a number.
 */
export function escapeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function cellOf<R>(column: CsvColumn<R>, row: R): string {
  const value = column.value(row);
  if (value === null) return "";
  const text = String(value);
  return column.amount ? text : escapeFormula(text);
}

const BOM = "\uFEFF";

/**
 * A pull-based CSV byte stream of `pages` (arrays of rows, read one page per pull, so a slow reader
 * slows the database reads and memory holds one page whatever the row count): a UTF-8 BOM (Excel then
 * reads the file as UTF-8), the header row, then every row, CRLF-terminated (RFC 4180). Cancelling the
 * stream closes the page generator.
 */
export function csvStream<R>(columns: readonly CsvColumn<R>[], pages: AsyncGenerator<R[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  const format = (records: string[][]) => stringify(records, { record_delimiter: "\r\n" });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(BOM + format([columns.map((c) => escapeFormula(c.header))])));
          return;
        }
        const next = await pages.next();
        if (next.done) {
          controller.close();
          return;
        }
        if (next.value.length > 0) controller.enqueue(encoder.encode(format(next.value.map((row) => columns.map((c) => cellOf(c, row))))));
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    // One chunk (a page) ahead at most: the reader's pace sets the reads'.
    { highWaterMark: 1 },
  );
}
