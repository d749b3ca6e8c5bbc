"use client";

import { useQuery } from "@tanstack/react-query";
import { RefreshCw, ScanSearch } from "lucide-react";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, NetworkName } from "../display";
import { EmptyState, ErrorState, PageHeader, Panel, TableSkeleton } from "../states";

function StatusBadge({ status }: { status: "matched" | "mismatch" }) {
  return <Badge tone={status === "matched" ? "green" : "red"}>{status === "matched" ? "Matched" : "Mismatch"}</Badge>;
}

/**
 * The reconciliation report: per network, at a confirmed block, the deposit addresses' balances on chain
 * against the ledger, per asset, with every difference listed. Fetched when the page opens (it reads the
 * chains) and again on demand.
 */
export function ReconciliationPage() {
  const trpc = useTRPC();
  const { scope, can } = useDashboard();
  const allowed = can("reconciliation:read");
  const report = useQuery({
    ...trpc.ledger.reconciliation.queryOptions(scope),
    enabled: allowed,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });

  if (!allowed) {
    return (
      <>
        <PageHeader title="Reconciliation" />
        <Panel>
          <EmptyState icon={ScanSearch} title="Reconciliation is for finance">
            Your role cannot see the reconciliation report. An owner or admin can give you the finance role.
          </EmptyState>
        </Panel>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Your deposit addresses' balances read on chain at a confirmed block, against what the ledger says they held then. Any difference is listed per address."
        actions={
          <Button variant="secondary" size="sm" onClick={() => void report.refetch()} disabled={report.isFetching}>
            <RefreshCw aria-hidden className={`size-4 ${report.isFetching ? "animate-spin" : ""}`} />
            {report.isFetching ? "Checking…" : "Check again"}
          </Button>
        }
      />
      {report.isPending ? (
        <Panel>
          <TableSkeleton rows={4} columns={8} />
        </Panel>
      ) : report.isError ? (
        <Panel>
          <ErrorState message={report.error.message} onRetry={() => void report.refetch()} />
        </Panel>
      ) : (
        <div className="space-y-6">
          <section
            aria-label="Result"
            className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-xl border bg-card px-4 py-3 text-sm"
          >
            <span className="flex items-center gap-2">
              <span className="font-medium">Result</span>
              <StatusBadge status={report.data.status} />
            </span>
            {report.data.networks.map((n) => (
              <span key={n.network} className="text-muted-foreground">
                <span className="font-medium text-foreground">
                  <NetworkName id={n.network} />
                </span>{" "}
                {n.status === "checked"
                  ? `at block ${n.block_number} (scanned to ${n.scanned_block_number})`
                  : "not scanned yet"}
              </span>
            ))}
            <span className="text-muted-foreground">
              Checked <DateTime value={report.data.created_at} />
            </span>
          </section>

          <Panel title="Per network and asset">
            {report.data.data.length === 0 ? (
              <EmptyState icon={ScanSearch} title="Nothing to compare yet">
                No network has reached a confirmed block since the watcher started.
              </EmptyState>
            ) : (
              <Table>
                <THead>
                  <tr>
                    <TH>Network</TH>
                    <TH>Asset</TH>
                    <TH className="text-right">Block</TH>
                    <TH className="text-right">Received</TH>
                    <TH className="text-right">Available</TH>
                    <TH className="text-right">Pending</TH>
                    <TH className="text-right">Held</TH>
                    <TH className="text-right">On chain</TH>
                    <TH className="text-right">Ledger</TH>
                    <TH>Status</TH>
                  </tr>
                </THead>
                <tbody>
                  {report.data.data.map((row) => (
                    <TR key={`${row.network}/${row.asset}`}>
                      <TD>
                        <NetworkName id={row.network} />
                      </TD>
                      <TD className="font-medium">{row.asset}</TD>
                      <TD className="text-right tabular-nums text-muted-foreground">{row.block_number}</TD>
                      <TD className="text-right">
                        <Amount value={row.received} currency={row.asset} />
                      </TD>
                      <TD className="text-right">
                        <Amount value={row.available} currency={row.asset} />
                      </TD>
                      <TD className="text-right">
                        <Amount value={row.pending} currency={row.asset} />
                      </TD>
                      <TD className="text-right">
                        <Amount value={row.held} currency={row.asset} />
                      </TD>
                      <TD className="text-right">
                        <Amount value={row.deposit_addresses.on_chain} currency={row.asset} />
                      </TD>
                      <TD className="text-right">
                        <Amount value={row.deposit_addresses.ledger} currency={row.asset} />
                      </TD>
                      <TD>
                        <StatusBadge status={row.status} />
                      </TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            )}
          </Panel>

          <Panel title="Differences">
            {report.data.differences.length === 0 ? (
              <p className="px-4 py-6 text-sm text-muted-foreground">
                None: every deposit address holds exactly what the ledger says, in every asset.
              </p>
            ) : (
              <Table>
                <THead>
                  <tr>
                    <TH>Address</TH>
                    <TH>Network</TH>
                    <TH>Asset</TH>
                    <TH className="text-right">Block</TH>
                    <TH className="text-right">On chain</TH>
                    <TH className="text-right">Ledger</TH>
                    <TH className="text-right">Difference</TH>
                  </tr>
                </THead>
                <tbody>
                  {report.data.differences.map((d) => (
                    <TR key={`${d.address}/${d.network}/${d.asset}`}>
                      <TD>
                        <Mono value={d.address} copy what="address" />
                      </TD>
                      <TD>
                        <NetworkName id={d.network} />
                      </TD>
                      <TD className="font-medium">{d.asset}</TD>
                      <TD className="text-right tabular-nums text-muted-foreground">{d.block_number}</TD>
                      <TD className="text-right">
                        <Amount value={d.on_chain} currency={d.asset} />
                      </TD>
                      <TD className="text-right">
                        <Amount value={d.ledger} currency={d.asset} />
                      </TD>
                      <TD className="text-right font-medium text-red-700 dark:text-red-400">
                        <Amount value={d.difference} currency={d.asset} />
                      </TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            )}
          </Panel>

          {report.data.ledger_violations.length > 0 && (
            <Panel title="Ledger invariants broken">
              <ul className="space-y-1 px-4 py-3 text-sm">
                {report.data.ledger_violations.map((v) => (
                  <li key={`${v.kind}/${v.subject}`}>
                    <span className="font-medium">
                      {v.kind === "unbalanced" ? "Debits ≠ credits" : "Totals ≠ entries"}
                    </span>{" "}
                    <span className="font-mono text-xs">{v.subject}</span>: {v.detail}
                  </li>
                ))}
              </ul>
            </Panel>
          )}
        </div>
      )}
    </>
  );
}
