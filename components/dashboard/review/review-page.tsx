"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useTRPC } from "@/components/trpc-provider";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, reviewReasonWords } from "../display";
import { cursorParams, Pager, useUrlCursor } from "../pager";
import { EmptyState, ErrorState, PageHeader, Panel, TableSkeleton } from "../states";
import { ResolveDialog } from "./resolve-dialog";

/**
 * The review queue: invoices that need a person's decision, with why; resolve each one. A phone shows reason,
 * amount received and the action, so the queue fits without scrolling sideways (the reason links to the invoice there).
 */
export function ReviewPage() {
  const trpc = useTRPC();
  const { scope, href, can } = useDashboard();
  const [cursor, setCursor] = useUrlCursor();
  const query = useQuery({
    ...trpc.invoices.list.queryOptions({ ...scope, status: "review_required", ...cursorParams(cursor) }),
    placeholderData: keepPreviousData,
  });
  const mayResolve = can("invoices:resolve");
  return (
    <>
      <PageHeader
        title="Review"
        description={
          mayResolve
            ? "Payments that did not match their invoice. Accept, refund or close each one; every decision is recorded with your name."
            : "Payments that did not match their invoice. Your role can see them but not resolve them."
        }
      />
      <Panel>
        {query.isPending ? (
          <TableSkeleton columns={5} />
        ) : query.isError ? (
          <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
        ) : query.data.data.length === 0 ? (
          <EmptyState icon={ShieldCheck} title="Nothing to review">
            When a payment is short, too much, late, in the wrong asset or on the wrong network, the invoice waits here
            for a decision.
          </EmptyState>
        ) : (
          <>
            <Table>
              <THead>
                <tr>
                  <TH>Reason</TH>
                  <TH>Received</TH>
                  <TH className="hidden sm:table-cell">Invoice amount</TH>
                  <TH className="hidden md:table-cell">Invoice</TH>
                  <TH className="hidden sm:table-cell">Order</TH>
                  <TH className="hidden md:table-cell">Created</TH>
                  <TH className="text-right">Action</TH>
                </tr>
              </THead>
              <tbody>
                {query.data.data.map((row) => (
                  <TR key={row.id}>
                    <TD className="font-medium text-red-700 dark:text-red-400">
                      <Link href={href(`/invoices/${row.id}`)} className="hover:underline">
                        {row.reviewReason ? reviewReasonWords[row.reviewReason] : "In review"}
                      </Link>
                    </TD>
                    <TD>
                      <Amount value={row.amountPaid} currency={row.currency} className="font-medium" />
                    </TD>
                    <TD className="hidden sm:table-cell">
                      <Amount value={row.amount} currency={row.currency} />
                    </TD>
                    <TD className="hidden md:table-cell">
                      <Link href={href(`/invoices/${row.id}`)} className="font-mono text-xs hover:underline">
                        {row.id}
                      </Link>
                    </TD>
                    <TD className="hidden sm:table-cell">
                      {row.orderId ?? <span className="text-muted-foreground">—</span>}
                    </TD>
                    <TD className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                      <DateTime value={row.createdAt} />
                    </TD>
                    <TD className="text-right">
                      {mayResolve ? (
                        <ResolveDialog
                          invoice={{
                            id: row.id,
                            amount: row.amount,
                            currency: row.currency,
                            amountPaid: row.amountPaid,
                            reviewReason: row.reviewReason,
                          }}
                        />
                      ) : (
                        <span className="text-xs text-muted-foreground">View only</span>
                      )}
                    </TD>
                  </TR>
                ))}
              </tbody>
            </Table>
            <Pager
              label="invoices in review"
              cursor={cursor}
              onChange={setCursor}
              rows={query.data.data}
              hasMore={query.data.has_more}
            />
          </>
        )}
      </Panel>
    </>
  );
}
