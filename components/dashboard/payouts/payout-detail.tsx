"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowUpRight, Braces } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/checkout/copy-button";
import { useTRPC } from "@/components/trpc-provider";
import { useDashboard } from "../dashboard-context";
import { DetailFrame, retryUnlessNotFound, DetailId } from "../detail-frame";
import { Amount, DateTime, Mono, NetworkName, TxHash } from "../display";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";
import { PayoutStatusBadge } from "./payout-words";

function Field({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "col-span-2 flex flex-col gap-0.5 sm:col-span-4" : "flex min-w-0 flex-col gap-0.5"}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

const dash = <span className="text-muted-foreground">—</span>;
const txStatusWords = {
  queued: "Waiting to be signed",
  pending: "In the mempool",
  confirmed: "Confirmed",
  failed: "Failed",
};

/** The payout's events in order, each with its raw JSON one click away. */
function PayoutTimeline({ id }: { id: string }) {
  const trpc = useTRPC();
  const { scope } = useDashboard();
  const query = useQuery(trpc.payouts.events.queryOptions({ ...scope, id }, { refetchInterval: 5_000 }));
  return (
    <Panel title="Timeline">
      {query.isPending ? (
        <TableSkeleton rows={3} columns={2} />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState icon={Braces} title="No events yet" />
      ) : (
        <ol className="divide-y">
          {query.data.map((e) => (
            <li key={e.id} className="px-4 py-3">
              <details className="group">
                <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 text-sm [&::-webkit-details-marker]:hidden">
                  <span className="size-2 shrink-0 rounded-full bg-accent" aria-hidden />
                  <span className="font-medium">{e.type}</span>
                  <span className="ml-auto text-xs text-muted-foreground">
                    <DateTime value={e.created_at} />
                  </span>
                  <span className="rounded border px-1.5 py-0.5 text-xs text-muted-foreground group-open:bg-muted">
                    JSON<span className="sr-only"> of {e.type}</span>
                  </span>
                </summary>
                <pre className="mt-3 max-h-96 overflow-auto rounded-lg bg-muted p-3 font-mono text-xs leading-5">
                  {JSON.stringify(e, null, 2)}
                </pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

/** One payout: amounts, destination, the transaction that carries it (hash, block, fee), its batch and timeline. */
export function PayoutDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { scope, href } = useDashboard();
  const query = useQuery(
    trpc.payouts.get.queryOptions(
      { ...scope, id },
      {
        refetchInterval: (q) =>
          q.state.data && ["queued", "submitted", "pending_approval"].includes(q.state.data.payout.status)
            ? 5_000
            : false,
        retry: retryUnlessNotFound,
      },
    ),
  );
  return (
    <DetailFrame
      back={{ href: href("/payouts"), label: "Payouts" }}
      query={query}
      notFound={{ icon: ArrowUpRight, title: "No such payout in this mode" }}
    >
      {({ payout: p, transaction: t, batch }) => (
        <>
          <div className="mb-6">
            <p className="text-xs text-muted-foreground">Payout</p>
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-2xl font-semibold tracking-tight">
                <Amount value={p.amount} currency={p.asset} />
              </h1>
              <PayoutStatusBadge status={p.status} />
            </div>
            <DetailId id={p.id} what="payout id" />
          </div>

          <div className="flex flex-col gap-6">
            <Panel title="Summary">
              <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-4 sm:grid-cols-4">
                <Field label="Amount">
                  <Amount value={p.amount} currency={p.asset} />
                </Field>
                <Field label="Network">
                  <NetworkName id={p.network} />
                </Field>
                <Field label="Reference">
                  <span className="break-all">{p.reference ?? dash}</span>
                </Field>
                <Field label="Batch">
                  {batch ? (
                    <Link
                      href={href(`/payouts/batches/${batch.id}`)}
                      className="font-mono text-xs text-accent hover:underline"
                    >
                      {batch.id}
                    </Link>
                  ) : (
                    dash
                  )}
                </Field>
                <Field label="To" wide>
                  <Mono value={p.address} full copy what="address" />
                </Field>
                <Field label="Created">
                  <DateTime value={p.created_at} />
                </Field>
                <Field label="Approved">{p.approved_at ? <DateTime value={p.approved_at} /> : dash}</Field>
                <Field label="Sent">{p.submitted_at ? <DateTime value={p.submitted_at} /> : dash}</Field>
                <Field label="Confirmed">{p.confirmed_at ? <DateTime value={p.confirmed_at} /> : dash}</Field>
                <Field label="Description" wide>
                  {p.description ?? dash}
                </Field>
                {p.failure_reason && (
                  <Field label="Why it failed" wide>
                    <span className="text-red-700 dark:text-red-300">{p.failure_reason}</span>
                  </Field>
                )}
                {Object.keys(p.metadata).length > 0 && (
                  <Field label="Metadata" wide>
                    <code className="font-mono text-xs">{JSON.stringify(p.metadata)}</code>
                  </Field>
                )}
              </dl>
            </Panel>

            <Panel title="On-chain transaction">
              {t ? (
                <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-4 sm:grid-cols-4">
                  <Field label="Transaction" wide>
                    <span className="inline-flex flex-wrap items-center gap-2">
                      <TxHash hash={t.hash} network={p.network} />
                      <CopyButton value={t.hash} what="transaction hash" />
                    </span>
                  </Field>
                  <Field label="Status">{txStatusWords[t.status]}</Field>
                  <Field label="Block">
                    {t.blockNumber ? <span className="tabular-nums">{t.blockNumber}</span> : dash}
                  </Field>
                  <Field label="Chain id">
                    <span className="tabular-nums">{t.chainId}</span>
                  </Field>
                  <Field label="Payouts in it">
                    <span className="tabular-nums">{t.payouts}</span>
                  </Field>
                  <Field label="Network fee (this payout)">
                    {p.network_fee ? <Amount value={p.network_fee} currency={t.nativeSymbol} /> : dash}
                  </Field>
                  <Field label="Network fee (transaction)">
                    {t.fee ? <Amount value={t.fee} currency={t.nativeSymbol} /> : dash}
                  </Field>
                  <Field label="Paid by" wide>
                    <span className="text-muted-foreground">
                      The operator&apos;s gas wallet: network fees never reduce your balance.
                    </span>
                  </Field>
                </dl>
              ) : (
                <EmptyState icon={ArrowUpRight} title="Not sent yet">
                  {p.status === "pending_approval"
                    ? "It waits for a second person's approval."
                    : p.status === "cancelled"
                      ? "It was cancelled before it was sent."
                      : "The worker picks it up within seconds and sends it from the hot wallet."}
                </EmptyState>
              )}
            </Panel>

            <PayoutTimeline id={p.id} />
          </div>
        </>
      )}
    </DetailFrame>
  );
}
