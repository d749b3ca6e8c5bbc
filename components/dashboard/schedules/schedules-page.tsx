"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Repeat } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc-provider";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { CursorList } from "../cursor-list";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime } from "../display";
import { cursorParams, useUrlCursor } from "../pager";
import { EmptyState, PageHeader, Panel } from "../states";
import { cadenceWords, ScheduleStatusBadge } from "./schedule-words";

/**
 * Invoice schedules (plan renewals): newest first, cursor pages in the URL; a row opens the schedule. A phone shows
 * amount, cadence and status, so the list fits without scrolling sideways (next invoice at sm, the rest at md).
 */
export function SchedulesPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const { scope, href } = useDashboard();
  const [cursor, setCursor] = useUrlCursor();
  const query = useQuery({
    ...trpc.schedules.list.queryOptions({ ...scope, ...cursorParams(cursor) }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Invoice schedules"
        description="Plan renewals: each schedule creates an ordinary invoice once per period."
      />
      <Panel>
        <CursorList
          query={query}
          columns={6}
          empty={
            <EmptyState icon={Repeat} title="No invoice schedules yet">
              Create one through the API with POST /api/v1/invoice_schedules: it invoices your customer every day, week,
              month or year.
            </EmptyState>
          }
          pager={{ label: "invoice schedules", cursor, onChange: setCursor }}
        >
          {(rows) => (
            <Table>
              <THead>
                <tr>
                  <TH scope="col">Amount</TH>
                  <TH scope="col">Cadence</TH>
                  <TH scope="col" className="max-sm:pr-4">
                    Status
                  </TH>
                  <TH scope="col" className="hidden md:table-cell">
                    Schedule
                  </TH>
                  <TH scope="col" className="hidden sm:table-cell sm:max-md:pr-4">
                    Next invoice
                  </TH>
                  <TH scope="col" className="hidden md:table-cell">
                    Invoices
                  </TH>
                  <TH scope="col" className="hidden md:table-cell">
                    Created
                  </TH>
                </tr>
              </THead>
              <tbody>
                {rows.map((s) => (
                  <TR
                    key={s.id}
                    className="cursor-pointer hover:bg-muted/50"
                    onClick={() => router.push(href(`/schedules/${s.id}`))}
                  >
                    <TD>
                      <Amount value={s.amount} currency={s.currency} className="font-medium" />
                    </TD>
                    <TD className="whitespace-nowrap">{cadenceWords(s)}</TD>
                    <TD className="max-sm:pr-4">
                      <ScheduleStatusBadge status={s.status} />
                    </TD>
                    <TD className="hidden md:table-cell">
                      <Link
                        href={href(`/schedules/${s.id}`)}
                        className="font-mono text-xs hover:underline"
                        onClick={(e) => e.stopPropagation()}
                      >
                        {s.id}
                      </Link>
                    </TD>
                    <TD className="hidden whitespace-nowrap text-muted-foreground sm:table-cell sm:max-md:pr-4">
                      {s.next_run_at ? <DateTime value={s.next_run_at} /> : "—"}
                    </TD>
                    <TD className="hidden tabular-nums md:table-cell">{s.invoices_created}</TD>
                    <TD className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                      <DateTime value={s.created_at} />
                    </TD>
                  </TR>
                ))}
              </tbody>
            </Table>
          )}
        </CursorList>
      </Panel>
    </>
  );
}
