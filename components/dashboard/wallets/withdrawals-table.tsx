"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { WithdrawalResponse } from "@/server/withdrawals/withdrawal.schema";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, NetworkName, TxHash } from "../display";
import { cursorParams, Pager, useUrlCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";

const withdrawalStatus: Record<WithdrawalResponse["status"], { word: string; tone: "green" | "amber" | "red" }> = {
  pending: { word: "Pending", tone: "amber" },
  submitted: { word: "Sent", tone: "amber" },
  confirmed: { word: "Confirmed", tone: "green" },
  failed: { word: "Failed", tone: "red" },
};

/** Withdrawals made by the rules, newest first, each with the transactions that carried it (a phone shows amount and status). */
export function WithdrawalsTable() {
  const trpc = useTRPC();
  const { scope, networks } = useDashboard();
  const [cursor, setCursor] = useUrlCursor();
  const withdrawals = useQuery({
    ...trpc.withdrawals.withdrawals.queryOptions({ ...scope, ...cursorParams(cursor) }),
    placeholderData: keepPreviousData,
  });
  return (
    <Panel title="Withdrawals" className="mt-6">
      {withdrawals.isPending ? (
        <TableSkeleton columns={6} />
      ) : withdrawals.isError ? (
        <ErrorState message={withdrawals.error.message} onRetry={() => void withdrawals.refetch()} />
      ) : withdrawals.data.data.length === 0 ? (
        <EmptyState icon={Send} title="No withdrawals yet">
          When your available balance reaches a rule&apos;s threshold, the withdrawal and its transactions appear here.
        </EmptyState>
      ) : (
        <>
          <Table>
            <THead>
              <tr>
                <TH>Amount</TH>
                <TH className="max-sm:pr-4">Status</TH>
                <TH className="hidden md:table-cell">Network</TH>
                <TH className="hidden sm:table-cell">To address</TH>
                <TH className="hidden md:table-cell">Transactions</TH>
                <TH className="hidden md:table-cell">Network fee</TH>
                <TH className="hidden sm:table-cell">Created</TH>
              </tr>
            </THead>
            <tbody>
              {withdrawals.data.data.map((w) => (
                <TR key={w.id}>
                  <TD>
                    <Amount value={w.amount} currency={w.asset} className="font-medium" />
                  </TD>
                  <TD className="max-sm:pr-4">
                    <Badge tone={withdrawalStatus[w.status].tone} title={w.failure_reason ?? undefined}>
                      {withdrawalStatus[w.status].word}
                    </Badge>
                  </TD>
                  <TD className="hidden md:table-cell">
                    <NetworkName id={w.network} />
                  </TD>
                  <TD className="hidden sm:table-cell">
                    <Mono value={w.address} />
                  </TD>
                  <TD className="hidden md:table-cell">
                    {w.tx_hashes.length === 0 ? (
                      <span className="text-muted-foreground">—</span>
                    ) : (
                      <span className="flex flex-col gap-0.5">
                        {w.tx_hashes.map((h) => (
                          <TxHash key={h} hash={h} network={w.network} />
                        ))}
                      </span>
                    )}
                  </TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {w.network_fee === null ? (
                      "—"
                    ) : (
                      <Amount value={w.network_fee} currency={networks[w.network]?.nativeSymbol ?? "ETH"} />
                    )}
                  </TD>
                  <TD className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                    <DateTime value={w.created_at} />
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
          <Pager
            label="withdrawals"
            cursor={cursor}
            onChange={setCursor}
            rows={withdrawals.data.data}
            hasMore={withdrawals.data.has_more}
          />
        </>
      )}
    </Panel>
  );
}
