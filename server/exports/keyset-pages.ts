import type { PgQueryable } from "../db/pg-pool";

/** Positional SQL parameters built alongside the text that names them. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Add a value; returns its placeholder (`$3`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** One export's query: rows of `from` matching `where`, ordered by `time` then `id` (both qualified column names). */
export interface KeysetQuery {
  select: string;
  from: string;
  where: string[];
  params: SqlParams;
  time: string;
  id: string;
}

type Cursor = { at: string; id: string };

/** The SQL text and parameters of the page after `after` (the first page when null). */
function pageQuery(
  query: KeysetQuery,
  after: Cursor | null,
  pageSize: number,
  select: string,
): { text: string; values: unknown[] } {
  const params = new SqlParams();
  params.values.push(...query.params.values);
  const where = [...query.where];
  if (after) {
    // Written out (not a row comparison) so that the `time >=` bound is an index condition. The time
    // goes back as PostgreSQL's own text of it: exact, whatever the process's time zone.
    const at = params.add(after.at);
    const id = params.add(after.id);
    where.push(`${query.time} >= ${at} AND (${query.time} > ${at} OR ${query.id} > ${id})`);
  }
  const limit = params.add(pageSize);
  const text = `SELECT ${select} FROM ${query.from} WHERE ${where.join(" AND ")} ORDER BY ${query.time}, ${query.id} LIMIT ${limit}`;
  return { text, values: params.values };
}

/**
 * Pages of `query` read one ahead: the next page's query is sent as soon as a page arrives (its last
 * row is the cursor), so PostgreSQL reads while the caller formats. At most two pages are held.
 */
async function* prefetchedPages<R>(
  fetch: (after: Cursor | null) => Promise<R[]>,
  cursorOf: (row: R) => Cursor,
  pageSize: number,
): AsyncGenerator<R[]> {
  let pending: Promise<R[]> | null = fetch(null);
  // Handled at once so that a failure while the caller is busy (or gone: a cancelled download) is not an
  // unhandled rejection; the await below still throws it when the caller asks for that page.
  pending.catch(() => undefined);
  while (pending) {
    const rows: R[] = await pending;
    pending = null;
    if (rows.length === 0) return;
    if (rows.length === pageSize) {
      pending = fetch(cursorOf(rows[rows.length - 1]!));
      pending.catch(() => undefined);
    }
    yield rows;
  }
}

/**
 * Every row of `query`, oldest first (ties by id), read in keyset pages of `pageSize` rows:
 * `(time, id) > (last row's)`, so each page is an index range scan, however deep into the result, and
 * a row is read exactly once. Yields one page at a time, reading the next meanwhile; nothing else is kept.
 */
export function keysetPages<R extends Record<string, unknown>>(
  db: PgQueryable,
  query: KeysetQuery,
  pageSize: number,
): AsyncGenerator<R[]> {
  type Row = R & { _cursorAt: string; _cursorId: string };
  const select = `${query.select}, ${query.time}::text AS "_cursorAt", ${query.id} AS "_cursorId"`;
  return prefetchedPages<Row>(
    async (after) => {
      const { text, values } = pageQuery(query, after, pageSize, select);
      return (await db.query<Row>(text, values)).rows;
    },
    (row) => ({ at: row._cursorAt, id: row._cursorId }),
    pageSize,
  );
}

/**
 * {@link keysetPages} with rows as arrays of cells in `query.select`'s order (no object per row), for
 * exports that format rows themselves; `cursor` gives the indexes of the time (any text PostgreSQL
 * reads back as that time exactly) and id cells.
 */
export function keysetArrayPages(
  db: PgQueryable,
  query: KeysetQuery,
  pageSize: number,
  cursor: { at: number; id: number },
): AsyncGenerator<(string | null)[][]> {
  type Row = (string | null)[];
  return prefetchedPages<Row>(
    async (after) => {
      const { text, values } = pageQuery(query, after, pageSize, query.select);
      return (await db.query<Row>({ text, values, rowMode: "array" })).rows;
    },
    (row) => ({ at: row[cursor.at]!, id: row[cursor.id]! }),
    pageSize,
  );
}
