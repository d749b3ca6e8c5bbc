"use client";

import { useQuery } from "@tanstack/react-query";
import { Download, Users } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { buttonClasses } from "@/components/ui/button";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { ParticipantMovement } from "@/server/participants/list-participant-movements";
import { useDashboard } from "../dashboard-context";
import { DetailFrame, retryUnlessNotFound, DetailId } from "../detail-frame";
import { Amount, DateTime, Mono, NetworkName, TxHash } from "../display";
import { EmptyState, Panel } from "../states";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

const movementWords: Record<ParticipantMovement["type"], string> = {
  split: "Split received",
  split_reversal: "Split reversed",
  payout: "Payout",
};

const statusTone: Record<ParticipantMovement["status"], string> = {
  posted: "text-emerald-700 dark:text-emerald-400",
  pending: "text-amber-700 dark:text-amber-400",
  voided: "text-muted-foreground line-through",
};

function Movements({ rows }: { rows: ParticipantMovement[] }) {
  const { href } = useDashboard();
  if (rows.length === 0)
    return (
      <EmptyState icon={Users} title="No movements yet">
        Its share of an invoice with splits lands here when the invoice is paid.
      </EmptyState>
    );
  return (
    <Table>
      <THead>
        <tr>
          <TH scope="col">Movement</TH>
          <TH scope="col">Amount</TH>
          <TH scope="col">Status</TH>
          <TH scope="col">From</TH>
          <TH scope="col">Transaction</TH>
          <TH scope="col">Date</TH>
        </tr>
      </THead>
      <tbody>
        {rows.map((m) => (
          <TR key={m.id}>
            <TD className="whitespace-nowrap">{movementWords[m.type]}</TD>
            <TD>
              <Amount
                value={m.amount}
                currency={m.asset}
                className={m.amount.startsWith("-") ? undefined : "text-emerald-700 dark:text-emerald-400"}
              />
            </TD>
            <TD className={`whitespace-nowrap text-xs font-medium ${statusTone[m.status]}`}>{m.status}</TD>
            <TD>
              {m.invoice ? (
                <Link href={href(`/invoices/${m.invoice}`)} className="font-mono text-xs hover:underline">
                  {m.invoice}
                </Link>
              ) : m.payout ? (
                <Link href={href(`/payouts/${m.payout}`)} className="font-mono text-xs hover:underline">
                  {m.payout}
                </Link>
              ) : (
                "—"
              )}
            </TD>
            <TD>{m.tx_hash ? <TxHash hash={m.tx_hash} network={m.network} /> : "—"}</TD>
            <TD className="whitespace-nowrap text-muted-foreground">
              <DateTime value={m.created_at} />
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

/** One participant: its payout address, balances per network and asset, latest movements and its statement. */
export function ParticipantDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { scope, href, can } = useDashboard();
  const query = useQuery(trpc.participants.get.queryOptions({ ...scope, id }, { retry: retryUnlessNotFound }));
  return (
    <DetailFrame
      back={{ href: href("/participants"), label: "Participants" }}
      query={query}
      notFound={{ icon: Users, title: "No such participant in this mode" }}
    >
      {({ participant: p, movements }) => (
        <>
          <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
            <div className="min-w-0">
              <p className="text-xs text-muted-foreground">Participant</p>
              <h1 className="text-2xl font-semibold tracking-tight break-words">{p.name}</h1>
              <DetailId id={p.id} what="participant id" />
            </div>
            {can("exports:read") && (
              <a
                href={href(`/exports/participant_statement.csv?participant=${encodeURIComponent(p.id)}`)}
                className={buttonClasses({ variant: "secondary", className: "gap-2" })}
                download
              >
                <Download aria-hidden className="size-4" /> Download statement
              </a>
            )}
          </div>
          <div className="flex flex-col gap-6">
            <Panel title="Details">
              <dl className="grid grid-cols-1 gap-x-6 gap-y-4 p-4 sm:grid-cols-3">
                <Field label="Reference">
                  <span className="break-all">{p.reference}</span>
                </Field>
                <Field label="Payout address">
                  <Mono value={p.address} copy what="payout address" />
                </Field>
                <Field label="Created">
                  <DateTime value={p.created_at} />
                </Field>
              </dl>
            </Panel>
            <Panel title="Balances">
              {p.balances.length === 0 ? (
                <p className="p-4 text-sm text-muted-foreground">
                  Nothing yet: it receives its share of invoices with splits naming it when they are paid.
                </p>
              ) : (
                <dl className="grid grid-cols-1 gap-x-6 gap-y-4 p-4 sm:grid-cols-3">
                  {p.balances.map((b) => (
                    <Field key={`${b.network}/${b.asset}`} label="Available">
                      <span className="text-lg font-semibold">
                        <Amount value={b.available} currency={b.asset} />
                      </span>
                      <span className="block text-xs text-muted-foreground">
                        {b.asset} on <NetworkName id={b.network} />
                      </span>
                    </Field>
                  ))}
                </dl>
              )}
            </Panel>
            <Panel title="Splits received and payouts">
              <div className="overflow-x-auto">
                <Movements rows={movements} />
              </div>
              {movements.length === 50 && (
                <p className="border-t px-4 py-3 text-xs text-muted-foreground">
                  The latest 50 movements; the statement holds them all.
                </p>
              )}
            </Panel>
          </div>
        </>
      )}
    </DetailFrame>
  );
}
