"use client";

import { useQuery } from "@tanstack/react-query";
import { Network } from "lucide-react";
import { useTRPC } from "@/components/trpc-provider";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useDashboard } from "../dashboard-context";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";

/** The networks and assets of this mode. Read-only: the operator turns networks on with RPC URLs. */
export function NetworksPage() {
  const trpc = useTRPC();
  const { scope, livemode } = useDashboard();
  const query = useQuery(trpc.settings.networks.queryOptions(scope));
  return (
    <div className="flex flex-col gap-4">
      <p className="rounded-lg border bg-muted/40 px-4 py-3 text-sm text-muted-foreground">
        Read-only for now: every invoice offers all the networks and assets below. A network is on when the operator
        configures its RPC URL ({livemode ? "RPC_URL_ETHEREUM, RPC_URL_BASE…" : "RPC_URL_SEPOLIA, RPC_URL_DEVNET…"}).
        Choosing a subset per merchant is not built yet.
      </p>
      <Panel title={`${livemode ? "Live" : "Test"} networks`}>
        {query.isPending ? (
          <TableSkeleton rows={2} columns={4} />
        ) : query.isError ? (
          <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
        ) : query.data.length === 0 ? (
          <EmptyState icon={Network} title={`No ${livemode ? "live" : "test"} networks are on`}>
            {livemode
              ? "Live mode needs a mainnet RPC URL in the server's environment."
              : "Test mode needs a testnet or devnet RPC URL."}
          </EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Network</TH>
                <TH>Chain id</TH>
                <TH>Confirmations</TH>
                <TH>Assets</TH>
              </tr>
            </THead>
            <tbody>
              {query.data.map((n) => (
                <TR key={n.id}>
                  <TD className="font-medium">
                    {n.name} <span className="font-mono text-xs text-muted-foreground">{n.id}</span>
                  </TD>
                  <TD className="tabular-nums">{n.chain_id}</TD>
                  <TD className="tabular-nums">{n.confirmations}</TD>
                  <TD>{n.assets.map((a) => a.symbol).join(", ")}</TD>
                </TR>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
    </div>
  );
}
