/** A CSV column: its header and whether it holds an amount (never formula-escaped: "-1.50" stays a number). */
export interface CsvColumn<R> {
  header: string;
  value: (row: R) => string | number | boolean | null;
  amount?: boolean;
}

const FORMULA = /^[=+\-@\t\r]/;
// RFC 4180: a comma, a quote or any line break (a lone CR or LF too, which csv-stringify left bare with a CRLF
// record delimiter, so an order id holding a newline broke its row) makes a quoted field.
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
 * strip first) as a formula; a leading `'` makes it text (OWASP "CSV injection"). Only text cells are
 * escaped: an amount such as "-1.50" must stay a number.
 */
export function escapeFormula(cell: string): string {
  return FORMULA.test(cell) ? `'${cell}` : cell;
}

/**
 * One CSV field, byte for byte what csv-stringify writes with `record_delimiter: "\r\n"` (checked against
 * it in csv-stream.test.ts): quoted only when it holds a comma, a quote or CRLF, quotes doubled; empty as is.
 */
export function csvField(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** A text cell (user input: order ids, descriptions): formula-escaped, then quoted if needed; null is empty. */
export function csvText(cell: string | null): string {
  if (cell === null || cell === "") return "";
  return csvField(FORMULA.test(cell) ? `'${cell}` : cell);
}

/** A line (CRLF-terminated) of `columns` for `row`. */
function csvLine<R>(columns: readonly CsvColumn<R>[], row: R): string {
  let line = "";
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const value = column.value(row);
    if (i > 0) line += ",";
    if (value === null) continue;
    const text = String(value);
    line += column.amount ? csvField(text) : csvText(text);
  }
  return line + "\r\n";
}

const BOM = "\uFEFF";
/** Bytes per enqueued chunk: large enough that a page is a handful of chunks, small enough to stream smoothly. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Lines encoded as UTF-8 straight into ~64 kB chunks (one write per line into the chunk, no page-sized
 * string to flatten and encode, no copy), handing each chunk out when the next line may not fit.
 */
class ChunkWriter {
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private length = 0;

  constructor(private readonly out: (bytes: Uint8Array) => void) {}

  write(line: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: room for that, or the chunk goes out first.
    if (this.length + line.length * 3 > CHUNK_BYTES) {
      this.flush();
      if (line.length * 3 > CHUNK_BYTES) {
        this.out(new Uint8Array(Buffer.from(line, "utf8")));
        return;
      }
    }
    this.length += this.chunk.write(line, this.length, "utf8");
  }

  /** Hand out what was written (if anything) and start a new chunk. */
  flush(): void {
    if (this.length === 0) return;
    this.out(new Uint8Array(this.chunk.buffer, this.chunk.byteOffset, this.length));
    this.chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.length = 0;
  }
}

/**
 * A pull-based CSV byte stream of `pages` (each the CRLF-terminated lines of its rows), read one page
 * per pull so that a slow reader slows the database reads and memory holds about a page whatever the
 * row count: a UTF-8 BOM (Excel then reads the file as UTF-8), the header row, then the pages' lines in
 * ~64 kB chunks. Cancelling the stream closes the page generator.
 */
export function csvTextStream(headers: readonly string[], pages: AsyncGenerator<string[]>): ReadableStream<Uint8Array> {
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const writer = new ChunkWriter((bytes) => controller.enqueue(bytes));
        if (!started) {
          started = true;
          writer.write(BOM + headers.map(csvText).join(",") + "\r\n");
          writer.flush();
          return;
        }
        // Until something is enqueued: a pull that enqueues nothing is not called again.
        for (;;) {
          const next = await pages.next();
          if (next.done) {
            controller.close();
            return;
          }
          for (const line of next.value) writer.write(line);
          writer.flush();
          if (next.value.length > 0) return;
        }
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    // One page ahead at most: the reader's pace sets the reads'.
    { highWaterMark: 1 },
  );
}

async function* linesOf<R>(columns: readonly CsvColumn<R>[], pages: AsyncGenerator<R[]>): AsyncGenerator<string[]> {
  try {
    for await (const page of pages) yield page.map((row) => csvLine(columns, row));
  } finally {
    await pages.return(undefined);
  }
}

/** {@link csvTextStream} of rows formatted by `columns` (text cells formula-escaped, amounts as they are). */
export function csvStream<R>(columns: readonly CsvColumn<R>[], pages: AsyncGenerator<R[]>): ReadableStream<Uint8Array> {
  return csvTextStream(
    columns.map((c) => c.header),
    linesOf(columns, pages),
  );
}
