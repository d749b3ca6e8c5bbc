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

/**
 * Every row of `query`, oldest first (ties by id), read in keyset pages of `pageSize` rows:
 * `(time, id) > (last row's)`, so each page is an index range scan, however deep into the result, and
 * a row is read exactly once. Yields one page at a time; nothing else is kept.
 */
export async function* keysetPages<R extends Record<string, unknown>>(
  db: PgQueryable,
  query: KeysetQuery,
  pageSize: number,
): AsyncGenerator<R[]> {
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const params = new SqlParams();
    params.values.push(...query.params.values);
    const where = [...query.where];
    if (after) {
      // Written out (not a row comparison) so that the `time >=` bound is an index condition.
      const at = params.add(after.at);
      const id = params.add(after.id);
      where.push(`${query.time} >= ${at} AND (${query.time} > ${at} OR ${query.id} > ${id})`);
    }
    const limit = params.add(pageSize);
    const text =
      `SELECT ${query.select}, ${query.time} AS "_cursorAt", ${query.id} AS "_cursorId" FROM ${query.from}` +
      ` WHERE ${where.join(" AND ")} ORDER BY ${query.time}, ${query.id} LIMIT ${limit}`;
    const { rows } = await db.query<R & { _cursorAt: Date; _cursorId: string }>(text, params.values);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { at: last._cursorAt, id: last._cursorId };
  }
}
