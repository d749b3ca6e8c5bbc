"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Upload, X } from "lucide-react";
import Link from "next/link";
import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useTRPC } from "@/components/trpc-provider";
import { Button, buttonClasses } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import { payoutStatuses } from "@/server/payouts/payout.schema";
import { useDashboard } from "../dashboard-context";
import { cursorParams, Pager } from "../pager";
import { ErrorState, PageHeader, Panel, TableSkeleton } from "../states";
import { NotAllowed } from "../tabs";
import { CreatePayoutDialog } from "./create-payout-dialog";
import { NoPayouts, PayoutTable } from "./payout-table";
import { payoutStatusWords } from "./payout-words";
import { PayoutsNav } from "./payouts-nav";

/** The list's filters and page, in the URL: shareable, and Back undoes a change. */
function usePayoutFilters() {
  return useQueryStates(
    { status: parseAsStringLiteral(payoutStatuses), after: parseAsString, before: parseAsString },
    { history: "push" },
  );
}

/** Payouts: every payout of this mode, newest first, by status; create one or upload a CSV batch. */
export function PayoutsPage() {
  const trpc = useTRPC();
  const { scope, can, href } = useDashboard();
  const [filters, setFilters] = usePayoutFilters();
  const allowed = can("payouts:read");
  const query = useQuery({
    ...trpc.payouts.list.queryOptions({
      ...scope,
      status: filters.status ?? undefined,
      ...cursorParams({ after: filters.after, before: filters.before }),
    }),
    placeholderData: keepPreviousData,
    enabled: allowed,
    refetchInterval: (q) =>
      q.state.data?.data.some((p) => ["queued", "submitted"].includes(p.status)) ? 5_000 : false,
  });
  const actions = can("payouts:write") ? (
    <>
      <Link href={href("/payouts/upload")} className={buttonClasses({ variant: "secondary", size: "sm" })}>
        <Upload aria-hidden className="size-4" /> Upload CSV
      </Link>
      <CreatePayoutDialog />
    </>
  ) : undefined;

  return (
    <>
      <PageHeader
        title="Payouts"
        description="Money sent from your available balance, newest first."
        actions={actions}
      />
      <PayoutsNav />
      {!allowed ? (
        <NotAllowed what="payouts" />
      ) : (
        <Panel>
          <div className="flex flex-wrap items-end gap-3 border-b px-4 py-3">
            <div className="flex flex-col gap-1">
              <Label htmlFor="payout-status" className="text-xs text-muted-foreground">
                Status
              </Label>
              <Select
                id="payout-status"
                value={filters.status ?? ""}
                onChange={(e) =>
                  void setFilters({
                    status: (e.target.value || null) as typeof filters.status,
                    after: null,
                    before: null,
                  })
                }
                className="w-48"
              >
                <option value="">All statuses</option>
                {payoutStatuses.map((s) => (
                  <option key={s} value={s}>
                    {payoutStatusWords[s]}
                  </option>
                ))}
              </Select>
            </div>
            {filters.status && (
              <Button
                variant="ghost"
                size="sm"
                className="mb-0.5"
                onClick={() => void setFilters({ status: null, after: null, before: null })}
              >
                <X aria-hidden className="size-4" /> Clear filter
              </Button>
            )}
          </div>
          {query.isPending ? (
            <TableSkeleton columns={7} />
          ) : query.isError ? (
            <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
          ) : (
            <div
              aria-busy={query.isFetching}
              className={query.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}
            >
              <PayoutTable rows={query.data.data} empty={<NoPayouts filtered={Boolean(filters.status)} />} />
              <Pager
                label="payouts"
                cursor={{ after: filters.after, before: filters.before }}
                onChange={(c) => void setFilters(c)}
                rows={query.data.data}
                hasMore={query.data.has_more}
              />
            </div>
          )}
        </Panel>
      )}
    </>
  );
}
