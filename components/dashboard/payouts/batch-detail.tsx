"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Layers } from "lucide-react";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { useDashboard } from "../dashboard-context";
import { DetailFrame, retryUnlessNotFound, DetailId } from "../detail-frame";
import { Amount, DateTime, NetworkName, TxHash } from "../display";
import { cursorParams, Pager, useLocalCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";
import { PayoutTable } from "./payout-table";
import { BatchStatusBadge } from "./payout-words";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

/** A batch: its total, status and transactions, and its payouts (newest first, like every list). */
export function BatchDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { scope, href } = useDashboard();
  const [cursor, setCursor] = useLocalCursor();
  const query = useQuery(
    trpc.payouts.batch.queryOptions(
      { ...scope, id },
      {
        refetchInterval: (q) => (q.state.data && q.state.data.status !== "completed" ? 5_000 : false),
        retry: retryUnlessNotFound,
      },
    ),
  );
  const payouts = useQuery({
    ...trpc.payouts.list.queryOptions(
      { ...scope, batch: id, ...cursorParams(cursor, 50) },
      { refetchInterval: query.data && query.data.status !== "completed" ? 5_000 : false },
    ),
    placeholderData: keepPreviousData,
  });
  return (
    <DetailFrame
      back={{ href: href("/payouts"), label: "Payouts" }}
      query={query}
      notFound={{ icon: Layers, title: "No such batch in this mode" }}
    >
      {(b) => (
        <>
          <div className="mb-6">
            <p className="text-xs text-muted-foreground">Payout batch</p>
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-2xl font-semibold tracking-tight">
                <Amount value={b.total} currency={b.asset} />
              </h1>
              <BatchStatusBadge status={b.status} />
            </div>
            <DetailId id={b.id} what="batch id" />
          </div>
          <div className="flex flex-col gap-6">
            <Panel title="Summary">
              <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-4 sm:grid-cols-4">
                <Field label="Payouts">
                  <span className="tabular-nums">{b.count}</span>
                </Field>
                <Field label="Total">
                  <Amount value={b.total} currency={b.asset} />
                </Field>
                <Field label="Network">
                  <NetworkName id={b.network} />
                </Field>
                <Field label="Created">
                  <DateTime value={b.created_at} />
                </Field>
                <div className="col-span-2 sm:col-span-4">
                  <Field label={b.tx_hashes.length === 1 ? "Transaction" : "Transactions"}>
                    {b.tx_hashes.length === 0 ? (
                      <span className="text-muted-foreground">
                        None yet: the worker sends the batch within seconds.
                      </span>
                    ) : (
                      <ul className="flex flex-col gap-1">
                        {b.tx_hashes.map((h) => (
                          <li key={h}>
                            <TxHash hash={h} network={b.network} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </Field>
                </div>
              </dl>
            </Panel>
            <Panel title="Payouts in this batch">
              {payouts.isPending ? (
                <TableSkeleton columns={7} />
              ) : payouts.isError ? (
                <ErrorState message={payouts.error.message} onRetry={() => void payouts.refetch()} />
              ) : (
                <>
                  <PayoutTable rows={payouts.data.data} empty={<EmptyState icon={Layers} title="No payouts" />} />
                  <Pager
                    label="payouts of the batch"
                    cursor={cursor}
                    onChange={setCursor}
                    rows={payouts.data.data}
                    hasMore={payouts.data.has_more}
                  />
                </>
              )}
            </Panel>
          </div>
        </>
      )}
    </DetailFrame>
  );
}
