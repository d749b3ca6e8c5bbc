import { z } from "zod";
import { AppError } from "../errors";

/** Stripe-style list parameters (docs/api.md): `limit` 1-100 (default 20), `starting_after` / `ending_before` object ids. */
export const listParams = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "How many objects to return." }),
  starting_after: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "An object id: return the objects listed after it (the next page)." }),
  ending_before: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "An object id: return the objects listed before it (the previous page)." }),
});
export type ListParams = z.infer<typeof listParams>;

/** A position in a newest-first list. Ties on `createdAt` are broken by `id`. */
export interface ListCursor {
  id: string;
  createdAt: Date;
}

/** The where-clause fragment selecting rows after (older than) or before (newer than) a cursor. */
export function cursorWhere(cursor: ListCursor, direction: "after" | "before") {
  const cmp = direction === "after" ? "lt" : "gt";
  return {
    // Implied by the OR below, but PostgreSQL cannot bound an index scan on an OR: without this bound a page deep
    // in a long list reads (and discards) every row before it (bench:ledger: 560 ms at the 50,000th row).
    createdAt: { [direction === "after" ? "lte" : "gte"]: cursor.createdAt },
    OR: [{ createdAt: { [cmp]: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { [cmp]: cursor.id } }],
  };
}

/**
 * One page of a newest-first list. `findCursor` resolves an id within the caller's scope (another
 * merchant's id is a 404 `resource_missing` on the parameter); `fetchRows` runs the query with the
 * cursor fragment, order and take it is given.
 */
export async function paginate<T extends ListCursor>(
  params: ListParams,
  findCursor: (id: string) => Promise<ListCursor | null>,
  fetchRows: (args: { cursor: object | undefined; order: "desc" | "asc"; take: number }) => Promise<T[]>,
): Promise<{ data: T[]; has_more: boolean }> {
  return paginateBy(params, findCursor, cursorWhere, ({ cursor, reverse, take }) =>
    fetchRows({ cursor, order: reverse ? "asc" : "desc", take }),
  );
}

/**
 * One page of a list in any order (an invoice's events by `sequence`, say). `position` is the
 * where-clause fragment of the rows after (in list order) or before a cursor; `fetchRows` runs the
 * query in list order, or in reverse order for `ending_before` (the page is turned back here).
 */
export async function paginateBy<T, C>(
  params: ListParams,
  findCursor: (id: string) => Promise<C | null>,
  position: (cursor: C, direction: "after" | "before") => object,
  fetchRows: (args: { cursor: object | undefined; reverse: boolean; take: number }) => Promise<T[]>,
): Promise<{ data: T[]; has_more: boolean }> {
  if (params.starting_after && params.ending_before) {
    throw new AppError("parameter_invalid", "Pass starting_after or ending_before, not both.", {
      param: "ending_before",
    });
  }
  const id = params.starting_after ?? params.ending_before;
  const direction = params.ending_before ? "before" : "after";
  let cursor: object | undefined;
  if (id) {
    const found = await findCursor(id);
    if (!found)
      throw new AppError("resource_missing", `No such object: '${id}'.`, {
        param: params.ending_before ? "ending_before" : "starting_after",
      });
    cursor = position(found, direction);
  }
  const rows = await fetchRows({ cursor, reverse: direction === "before", take: params.limit + 1 });
  const has_more = rows.length > params.limit;
  const page = rows.slice(0, params.limit);
  return { data: direction === "before" ? page.reverse() : page, has_more };
}
