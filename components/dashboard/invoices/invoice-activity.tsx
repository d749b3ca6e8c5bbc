"use client";

import { useQuery } from "@tanstack/react-query";
import { Braces, Send } from "lucide-react";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useDashboard } from "../dashboard-context";
import { DateTime } from "../display";
import { cursorParams, Pager, useLocalCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";

/** The invoice's events in order, each with its raw JSON one click away. */
export function EventTimeline({ invoiceId }: { invoiceId: string }) {
  const trpc = useTRPC();
  const { scope } = useDashboard();
  const [cursor, setCursor] = useLocalCursor();
  const query = useQuery(trpc.invoices.events.queryOptions({ ...scope, id: invoiceId, ...cursorParams(cursor, 25) }));
  return (
    <Panel title="Events">
      {query.isPending ? (
        <TableSkeleton rows={4} columns={2} />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <EmptyState icon={Braces} title="No events yet" />
      ) : (
        <>
          <ol className="divide-y">
            {query.data.data.map((event) => {
              const e = event as { id: string; type: string; created_at: string; sequence: number | null };
              return (
                <li key={e.id} className="px-4 py-3">
                  <details className="group">
                    <summary className="flex cursor-pointer list-none items-center gap-3 text-sm [&::-webkit-details-marker]:hidden">
                      <span className="size-2 shrink-0 rounded-full bg-accent" aria-hidden />
                      <span className="font-medium">{e.type}</span>
                      <span className="text-xs text-muted-foreground">#{e.sequence}</span>
                      <span className="ml-auto text-xs text-muted-foreground">
                        <DateTime value={e.created_at} />
                      </span>
                      <span className="rounded border px-1.5 py-0.5 text-xs text-muted-foreground group-open:bg-muted">
                        JSON
                        <span className="sr-only">
                          {" "}
                          of {e.type} {e.id}
                        </span>
                      </span>
                    </summary>
                    <pre className="mt-3 max-h-96 overflow-auto rounded-lg bg-muted p-3 font-mono text-xs leading-5">
                      {JSON.stringify(event, null, 2)}
                    </pre>
                  </details>
                </li>
              );
            })}
          </ol>
          <Pager
            label="events"
            cursor={cursor}
            onChange={setCursor}
            rows={query.data.data as { id: string }[]}
            hasMore={query.data.has_more}
          />
        </>
      )}
    </Panel>
  );
}

const deliveryTone = { succeeded: "green", pending: "amber", failed: "red" } as const;

/** The webhook deliveries of the invoice's events: where each went and how it ended. */
export function InvoiceDeliveries({ invoiceId }: { invoiceId: string }) {
  const trpc = useTRPC();
  const { scope, href, can } = useDashboard();
  const [cursor, setCursor] = useLocalCursor();
  const query = useQuery(
    trpc.invoices.deliveries.queryOptions({ ...scope, id: invoiceId, ...cursorParams(cursor, 10) }),
  );
  return (
    <Panel title="Webhook deliveries">
      {query.isPending ? (
        <TableSkeleton rows={3} columns={4} />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <EmptyState icon={Send} title="No webhook deliveries">
          No endpoint in this mode subscribes to this invoice&apos;s events.
          {can("webhooks:read") && (
            <>
              {" "}
              Add one under{" "}
              <a className="text-accent hover:underline" href={href("/developers/webhooks")}>
                Developers → Webhooks
              </a>
              .
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <Table>
            <THead>
              <tr>
                <TH>Event</TH>
                <TH>Endpoint</TH>
                <TH>Status</TH>
                <TH>Attempts</TH>
                <TH>Last response</TH>
              </tr>
            </THead>
            <tbody>
              {query.data.data.map((d) => (
                <TR key={d.id}>
                  <TD className="font-medium">{d.event.type}</TD>
                  <TD className="max-w-64 truncate font-mono text-xs" title={d.endpoint.url}>
                    {d.endpoint.url}
                  </TD>
                  <TD>
                    <Badge tone={deliveryTone[d.status]}>{d.status}</Badge>
                  </TD>
                  <TD className="tabular-nums">{d.attemptCount}</TD>
                  <TD className="text-xs text-muted-foreground">
                    {d.lastAttempt ? (
                      <>
                        {d.lastAttempt.statusCode ?? d.lastAttempt.error ?? "no response"} ·{" "}
                        <DateTime value={d.lastAttempt.attemptedAt} />
                      </>
                    ) : (
                      "not sent yet"
                    )}
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
          <Pager
            label="deliveries"
            cursor={cursor}
            onChange={setCursor}
            rows={query.data.data}
            hasMore={query.data.has_more}
          />
        </>
      )}
    </Panel>
  );
}
