"use client";

import { useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useDashboard } from "../dashboard-context";
import { DateTime } from "../display";
import { cursorParams, Pager, useUrlCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";

function describe(data: unknown): string {
  if (!data || typeof data !== "object") return "";
  return Object.entries(data as Record<string, unknown>)
    .map(([k, v]) =>
      v && typeof v === "object" && "from" in v && "to" in v
        ? `${k}: ${String((v as { from: unknown }).from)} → ${String((v as { to: unknown }).to)}`
        : `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`,
    )
    .join(" · ");
}

/** Who did what and when: keys, endpoints, resolutions, settings, team. */
export function AuditPage() {
  const trpc = useTRPC();
  const { scope } = useDashboard();
  const [cursor, setCursor] = useUrlCursor();
  const query = useQuery(trpc.audit.list.queryOptions({ ...scope, ...cursorParams(cursor, 25) }));
  return (
    <Panel>
      {query.isPending ? (
        <TableSkeleton columns={4} />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <EmptyState icon={ScrollText} title="Nothing recorded yet">
          Changes to keys, webhook endpoints, settings and the team, and every review decision, appear here.
        </EmptyState>
      ) : (
        <>
          <Table>
            <THead>
              <tr>
                <TH>When</TH>
                <TH>Who</TH>
                <TH>Action</TH>
                <TH>Details</TH>
              </tr>
            </THead>
            <tbody>
              {query.data.data.map((row) => (
                <TR key={row.id}>
                  <TD className="whitespace-nowrap text-muted-foreground">
                    <DateTime value={row.createdAt} />
                  </TD>
                  <TD className="max-w-60 truncate" title={row.actor.label}>
                    {row.actor.label}
                  </TD>
                  <TD className="whitespace-nowrap">
                    <span className="font-mono text-xs">{row.action}</span>
                    {row.livemode !== null && (
                      <Badge tone={row.livemode ? "gray" : "amber"} className="ml-2">
                        {row.livemode ? "live" : "test"}
                      </Badge>
                    )}
                  </TD>
                  <TD className="max-w-md text-xs text-muted-foreground">
                    <span className="line-clamp-2" title={describe(row.data)}>
                      {row.targetId && <span className="font-mono">{row.targetId} · </span>}
                      {describe(row.data)}
                    </span>
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
          <Pager
            label="audit log"
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
