"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDownToLine, Contact } from "lucide-react";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useDashboard } from "../dashboard-context";
import { DetailFrame, retryUnlessNotFound, DetailId } from "../detail-frame";
import { Amount, DateTime, Mono, NetworkName, TxHash } from "../display";
import { cursorParams, Pager, useLocalCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";
import { DepositStatusBadge } from "./deposit-words";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

function Deposits({ customerId }: { customerId: string }) {
  const trpc = useTRPC();
  const { scope } = useDashboard();
  const [cursor, setCursor] = useLocalCursor();
  const query = useQuery(trpc.customers.deposits.queryOptions({ ...scope, id: customerId, ...cursorParams(cursor) }));
  return (
    <Panel title="Deposits">
      {query.isPending ? (
        <TableSkeleton rows={3} columns={6} />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <EmptyState icon={ArrowDownToLine} title="No deposits yet">
          Anything the customer sends to its deposit address, in any enabled asset on any enabled network, shows here.
        </EmptyState>
      ) : (
        <>
          <Table>
            <THead>
              <tr>
                <TH scope="col">Amount</TH>
                <TH scope="col">Network</TH>
                <TH scope="col">Status</TH>
                <TH scope="col">Confirmations</TH>
                <TH scope="col">Transaction</TH>
                <TH scope="col">Detected</TH>
              </tr>
            </THead>
            <tbody>
              {query.data.data.map((d) => (
                <TR key={d.id}>
                  <TD>
                    <Amount value={d.amount} currency={d.asset} className="font-medium" />
                  </TD>
                  <TD className="whitespace-nowrap">
                    <NetworkName id={d.network} />
                  </TD>
                  <TD>
                    <DepositStatusBadge status={d.status} />
                  </TD>
                  <TD className="tabular-nums">
                    {d.confirmations} of {d.required_confirmations}
                  </TD>
                  <TD>
                    <TxHash hash={d.tx_hash} network={d.network} />
                  </TD>
                  <TD className="whitespace-nowrap text-muted-foreground">
                    <DateTime value={d.created_at} />
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
          <Pager
            label="deposits"
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

/** One customer: its permanent deposit address, what its deposits credited, and the deposits themselves. */
export function CustomerDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { scope, href } = useDashboard();
  const query = useQuery(trpc.customers.get.queryOptions({ ...scope, id }, { retry: retryUnlessNotFound }));
  return (
    <DetailFrame
      back={{ href: href("/customers"), label: "Customers" }}
      query={query}
      notFound={{ icon: Contact, title: "No such customer in this mode" }}
    >
      {(c) => (
        <>
          <div className="mb-6">
            <p className="text-xs text-muted-foreground">Customer</p>
            <h1 className="text-2xl font-semibold tracking-tight break-all">{c.reference}</h1>
            <DetailId id={c.id} what="customer id" />
          </div>

          <div className="flex flex-col gap-6">
            <Panel title="Deposit address">
              <div className="flex flex-col gap-2 p-4">
                <Mono value={c.deposit_address} full copy what="deposit address" />
                <p className="text-xs text-muted-foreground">
                  Permanent, and the same on every enabled network: any amount of any enabled asset sent here is
                  credited to your balance at the network&apos;s confirmations.
                </p>
              </div>
            </Panel>
            <Panel title="Summary">
              <dl className="grid grid-cols-1 gap-x-6 gap-y-4 p-4 sm:grid-cols-3">
                <Field label="Name">{c.name ?? "—"}</Field>
                <Field label="Email">
                  <span className="break-all">{c.email ?? "—"}</span>
                </Field>
                <Field label="Created">
                  <DateTime value={c.created_at} />
                </Field>
                <div className="sm:col-span-3">
                  <Field label="Credited">
                    {c.balances.length === 0 ? (
                      "Nothing yet"
                    ) : (
                      <ul className="flex flex-wrap gap-x-6 gap-y-1">
                        {c.balances.map((b) => (
                          <li key={`${b.network}/${b.asset}`} className="whitespace-nowrap">
                            <Amount value={b.credited} currency={b.asset} />{" "}
                            <span className="text-xs text-muted-foreground">
                              on <NetworkName id={b.network} />
                              {/[1-9]/.test(b.pending) ? ` · ${b.pending} confirming` : ""}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </Field>
                </div>
                {Object.keys(c.metadata).length > 0 && (
                  <div className="sm:col-span-3">
                    <Field label="Metadata">
                      <code className="font-mono text-xs break-all">{JSON.stringify(c.metadata)}</code>
                    </Field>
                  </div>
                )}
              </dl>
            </Panel>
            <Deposits customerId={c.id} />
          </div>
        </>
      )}
    </DetailFrame>
  );
}
