"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Landmark, Scale } from "lucide-react";
import Link from "next/link";
import { parseAsString, useQueryStates } from "nuqs";
import { useTRPC } from "@/components/trpc-provider";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, NetworkName, TxHash } from "../display";
import { cursorParams, Pager, useUrlCursor } from "../pager";
import { EmptyState, ErrorState, PageHeader, Panel, TableSkeleton } from "../states";

const statusTone: Record<string, string> = {
  posted: "text-emerald-700 dark:text-emerald-400",
  pending: "text-amber-700 dark:text-amber-400",
  voided: "text-muted-foreground line-through",
};

function Figure({ label, value, asset, hint }: { label: string; value: string; asset: string; hint: string }) {
  return (
    <div title={hint}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 text-sm">
        <Amount value={value} currency={asset} />
      </dd>
    </div>
  );
}

/** Balances per network and asset (available, pending, reserved, held, where the funds sit) and the movements of available. */
export function BalancesPage() {
  const trpc = useTRPC();
  const { scope, href } = useDashboard();
  const [cursor, setCursor] = useUrlCursor();
  const [filters, setFilters] = useQueryStates({ network: parseAsString, asset: parseAsString }, { history: "push" });
  const balances = useQuery(trpc.ledger.balances.queryOptions(scope));
  const transactions = useQuery({
    ...trpc.ledger.transactions.queryOptions({
      ...scope,
      network: filters.network ?? undefined,
      asset: filters.asset ?? undefined,
      ...cursorParams(cursor),
    }),
    placeholderData: keepPreviousData,
  });
  const filterLabel = filters.network && filters.asset ? ` in ${filters.asset} on ${filters.network}` : "";

  return (
    <>
      <PageHeader
        title="Balances"
        description="What you hold per network and asset, from Payrail's double-entry ledger. Every figure is a sum of the movements below."
      />
      {balances.isPending ? (
        <Panel>
          <TableSkeleton rows={2} columns={4} />
        </Panel>
      ) : balances.isError ? (
        <Panel>
          <ErrorState message={balances.error.message} onRetry={() => void balances.refetch()} />
        </Panel>
      ) : balances.data.length === 0 ? (
        <Panel>
          <EmptyState icon={Scale} title="No balance yet">
            When a customer pays one of your invoices, the amount appears here while it confirms, then as available.
          </EmptyState>
        </Panel>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Balances">
          {balances.data.map((b) => {
            const selected = filters.network === b.network && filters.asset === b.asset;
            return (
              <li
                key={`${b.network}/${b.asset}`}
                className={`rounded-xl border bg-card p-4 ${selected ? "ring-2 ring-accent" : ""}`}
              >
                <div className="flex items-start justify-between gap-2">
                  <div>
                    <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">
                      <NetworkName id={b.network} />
                    </p>
                    <p className="mt-1 text-2xl font-semibold tracking-tight">
                      <Amount value={b.available} currency={b.asset} />
                    </p>
                    <p className="text-xs text-muted-foreground">available</p>
                  </div>
                  <button
                    type="button"
                    className="rounded-md px-2 py-1 text-xs text-accent hover:bg-muted"
                    aria-pressed={selected}
                    onClick={() => {
                      setCursor({ after: null, before: null });
                      void setFilters(
                        selected ? { network: null, asset: null } : { network: b.network, asset: b.asset },
                      );
                    }}
                  >
                    {selected ? "Show all movements" : "Show movements"}
                  </button>
                </div>
                <dl className="mt-4 grid grid-cols-3 gap-3 border-t pt-3">
                  <Figure label="Pending" value={b.pending} asset={b.asset} hint="Received and still confirming" />
                  <Figure
                    label="Held"
                    value={b.held}
                    asset={b.asset}
                    hint="Received on invoices that are not settled (short, waiting, in review) or kept for a decided refund"
                  />
                  <Figure
                    label="Reserved"
                    value={b.reserved}
                    asset={b.asset}
                    hint="Taken by payouts, refunds and withdrawals not yet confirmed"
                  />
                </dl>
                <p className="mt-3 flex items-center gap-1.5 text-xs text-muted-foreground">
                  <Landmark aria-hidden className="size-3.5" /> On your deposit addresses:{" "}
                  <Amount value={b.custody.deposit_addresses} currency={b.asset} />
                </p>
              </li>
            );
          })}
        </ul>
      )}

      <Panel title={`Balance transactions${filterLabel}`} className="mt-6">
        {transactions.isPending ? (
          <TableSkeleton columns={6} />
        ) : transactions.isError ? (
          <ErrorState message={transactions.error.message} onRetry={() => void transactions.refetch()} />
        ) : transactions.data.data.length === 0 ? (
          <EmptyState icon={Scale} title="No movements">
            Payments to your invoices, holds while an invoice is not settled and their releases are listed here.
          </EmptyState>
        ) : (
          <>
            <Table>
              <THead>
                <tr>
                  <TH>Amount</TH>
                  <TH>Type</TH>
                  <TH className="max-sm:pr-4">Status</TH>
                  <TH className="hidden md:table-cell">Description</TH>
                  <TH className="hidden md:table-cell">Invoice</TH>
                  <TH className="hidden md:table-cell">Transaction</TH>
                  <TH className="hidden sm:table-cell">Created</TH>
                </tr>
              </THead>
              <tbody>
                {transactions.data.data.map((t) => (
                  <TR key={t.id}>
                    <TD>
                      <Amount
                        value={t.amount}
                        currency={t.asset}
                        className={t.amount.startsWith("-") ? "" : "font-medium"}
                      />
                    </TD>
                    <TD className="capitalize">{t.type}</TD>
                    <TD className={`max-sm:pr-4 ${statusTone[t.status]}`}>{t.status}</TD>
                    <TD className="hidden max-w-80 truncate text-muted-foreground md:table-cell" title={t.description}>
                      {t.description}
                    </TD>
                    <TD className="hidden md:table-cell">
                      {t.invoice ? (
                        <Link href={href(`/invoices/${t.invoice}`)} className="font-mono text-xs hover:underline">
                          {t.invoice}
                        </Link>
                      ) : (
                        <span className="text-muted-foreground">—</span>
                      )}
                    </TD>
                    <TD className="hidden md:table-cell">
                      {t.tx_hash ? (
                        <TxHash hash={t.tx_hash} network={t.network} />
                      ) : t.source ? (
                        <Mono value={t.source} />
                      ) : (
                        <span className="text-muted-foreground">—</span>
                      )}
                    </TD>
                    <TD className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                      <DateTime value={t.created_at} />
                    </TD>
                  </TR>
                ))}
              </tbody>
            </Table>
            <Pager
              label="balance transactions"
              cursor={cursor}
              onChange={setCursor}
              rows={transactions.data.data}
              hasMore={transactions.data.has_more}
            />
          </>
        )}
      </Panel>
    </>
  );
}
