"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc-provider";
import { useDashboard } from "../dashboard-context";
import { Pager } from "../pager";
import { ErrorState, PageHeader, Panel, TableSkeleton } from "../states";
import { CreateInvoiceDialog } from "./create-invoice-dialog";
import { filtersToQuery, InvoiceFilters, useInvoiceFilters } from "./invoice-filters";
import { InvoiceTable, NoInvoices } from "./invoice-table";

/** Invoices: filters in the URL, the table, cursor pages, and "New payment link". */
export function InvoicesPage() {
  const trpc = useTRPC();
  const { scope, can } = useDashboard();
  const [filters, setFilters] = useInvoiceFilters();
  const query = useQuery({
    ...trpc.invoices.list.queryOptions({ ...scope, ...filtersToQuery(filters) }),
    placeholderData: keepPreviousData,
  });
  const create = can("invoices:create") ? <CreateInvoiceDialog /> : undefined;
  const filtered = Boolean(filters.status || filters.q || filters.from || filters.to);

  return (
    <>
      <PageHeader title="Invoices" description="Every invoice of this mode, newest first." actions={create} />
      <Panel>
        <InvoiceFilters />
        {query.isPending ? (
          <TableSkeleton columns={6} />
        ) : query.isError ? (
          <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
        ) : (
          <div
            aria-busy={query.isFetching}
            className={query.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}
          >
            <InvoiceTable rows={query.data.data} empty={<NoInvoices filtered={filtered} action={create} />} />
            <Pager
              label="invoices"
              cursor={{ after: filters.after, before: filters.before }}
              onChange={(c) => void setFilters(c)}
              rows={query.data.data}
              hasMore={query.data.has_more}
            />
          </div>
        )}
      </Panel>
    </>
  );
}
