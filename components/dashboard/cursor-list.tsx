"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Pager, type Cursor } from "./pager";
import { ErrorState, TableSkeleton } from "./states";

/**
 * The inside of a list's panel, for a query of one cursor page: a skeleton while the first page loads, the error with
 * a retry, `empty` when there is nothing, or the rows (drawn by `children`) with Previous / Next, marked busy while
 * another page loads.
 */
export function CursorList<Row extends { id: string }>({
  query,
  columns,
  empty,
  pager,
  children,
}: {
  query: UseQueryResult<{ data: Row[]; has_more: boolean }, { message: string }>;
  /** Columns of the loading skeleton. */
  columns: number;
  empty: ReactNode;
  /** What the pages are of ("customers"), and the cursor they move. */
  pager: { label: string; cursor: Cursor; onChange: (next: Cursor) => void };
  children: (rows: Row[]) => ReactNode;
}) {
  if (query.isPending) return <TableSkeleton columns={columns} />;
  if (query.isError) return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  const rows = query.data.data;
  if (rows.length === 0) return <>{empty}</>;
  return (
    <div aria-busy={query.isFetching}>
      {children(rows)}
      <Pager {...pager} rows={rows} hasMore={query.data.has_more} />
    </div>
  );
}
