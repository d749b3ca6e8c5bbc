"use client";

import { ArrowUpRight } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { PayoutResponse } from "@/server/payouts/payout.schema";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, NetworkName, TxHash } from "../display";
import { EmptyState } from "../states";
import { PayoutStatusBadge } from "./payout-words";

/** Payouts, newest first: a row opens the payout (click, or Enter on its reference link). */
export function PayoutTable({ rows, empty }: { rows: PayoutResponse[]; empty: ReactNode }) {
  const { href } = useDashboard();
  const router = useRouter();
  if (rows.length === 0) return <>{empty}</>;
  return (
    <Table>
      <THead>
        <tr>
          <TH scope="col">Created</TH>
          <TH scope="col">Reference</TH>
          <TH scope="col">To</TH>
          <TH scope="col" className="text-right">
            Amount
          </TH>
          <TH scope="col">Network</TH>
          <TH scope="col">Status</TH>
          <TH scope="col">Transaction</TH>
        </tr>
      </THead>
      <tbody>
        {rows.map((p) => (
          <TR
            key={p.id}
            className="cursor-pointer hover:bg-muted/50"
            onClick={() => router.push(href(`/payouts/${p.id}`))}
          >
            <TD className="whitespace-nowrap text-muted-foreground">
              <DateTime value={p.created_at} />
            </TD>
            <TD className="max-w-48">
              <Link
                href={href(`/payouts/${p.id}`)}
                className="block truncate hover:underline"
                title={p.reference ?? p.id}
                onClick={(e) => e.stopPropagation()}
              >
                {p.reference ?? <span className="font-mono text-xs text-muted-foreground">{p.id}</span>}
              </Link>
            </TD>
            <TD>
              <Mono value={p.address} />
            </TD>
            <TD className="text-right">
              <Amount value={p.amount} currency={p.asset} className="font-medium" />
            </TD>
            <TD className="whitespace-nowrap">
              <NetworkName id={p.network} />
            </TD>
            <TD>
              <PayoutStatusBadge status={p.status} />
            </TD>
            <TD onClick={(e) => e.stopPropagation()}>
              {p.tx_hash ? (
                <TxHash hash={p.tx_hash} network={p.network} />
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

export function NoPayouts({ filtered }: { filtered: boolean }) {
  return filtered ? (
    <EmptyState icon={ArrowUpRight} title="No payouts in this status">
      Choose another status, or show them all.
    </EmptyState>
  ) : (
    <EmptyState icon={ArrowUpRight} title="No payouts yet">
      Pay an address from your available balance with New payout, upload a CSV of up to 1,000 payouts, or use the API.
    </EmptyState>
  );
}
