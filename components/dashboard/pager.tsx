"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { parseAsString, useQueryStates } from "nuqs";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A position in a newest-first cursor list: after (older than) or before (newer than) an object id. */
export interface Cursor {
  after: string | null;
  before: string | null;
}

/** The list parameters of a cursor, for a procedure's input. */
export function cursorParams(cursor: Cursor, limit = 20) {
  return { limit, starting_after: cursor.after ?? undefined, ending_before: cursor.before ?? undefined };
}

/** A cursor kept in the URL (`?after=` / `?before=`), so a page of a list can be shared and reloaded. */
export function useUrlCursor(): [Cursor, (next: Cursor) => void] {
  const [cursor, setCursor] = useQueryStates({ after: parseAsString, before: parseAsString }, { history: "push" });
  return [cursor, (next) => void setCursor(next)];
}

/** A cursor kept in component state, for lists inside a detail page. */
export function useLocalCursor(): [Cursor, (next: Cursor) => void] {
  return useState<Cursor>({ after: null, before: null });
}

/** Previous / Next over a cursor list page (Stripe's starting_after / ending_before). */
export function Pager({
  cursor,
  onChange,
  rows,
  hasMore,
  label = "results",
}: {
  cursor: Cursor;
  onChange: (next: Cursor) => void;
  rows: { id: string }[];
  hasMore: boolean;
  label?: string;
}) {
  const first = rows[0]?.id;
  const last = rows.at(-1)?.id;
  // Paging forward, has_more means older rows exist; paging back, it means newer ones do.
  const hasNext = cursor.before ? rows.length > 0 : hasMore;
  const hasPrevious = cursor.before ? hasMore : cursor.after !== null;
  if (!hasNext && !hasPrevious) return null;
  return (
    <nav aria-label={`Pages of ${label}`} className="flex items-center justify-end gap-2 border-t px-4 py-3">
      <Button
        variant="secondary"
        size="sm"
        disabled={!hasPrevious || !first}
        onClick={() => first && onChange({ after: null, before: first })}
      >
        <ChevronLeft aria-hidden className="size-4" /> Previous
      </Button>
      <Button
        variant="secondary"
        size="sm"
        disabled={!hasNext || !last}
        onClick={() => last && onChange({ after: last, before: null })}
      >
        Next <ChevronRight aria-hidden className="size-4" />
      </Button>
    </nav>
  );
}
