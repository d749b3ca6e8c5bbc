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

/**
 * Payouts, newest first: a row opens the payout (click, or Enter on its reference link). On a phone only reference,
 * amount and status show (the row opens the rest), so the table fits without scrolling sideways
 * (the hidden first and last columns still count for `first:`/`last:`, hence the phone's own edge padding).
 */
export function PayoutTable({ rows, empty }: { rows: PayoutResponse[]; empty: ReactNode }) {
  const { href } = useDashboard();
  const router = useRouter();
  if (rows.length === 0) return <>{empty}</>;
  return (
    <Table>
      <THead>
        <tr>
          <TH scope="col" className="hidden sm:table-cell">
            Created
          </TH>
          <TH scope="col" className="max-sm:pl-4">
            Reference
          </TH>
          <TH scope="col" className="hidden sm:table-cell">
            To
          </TH>
          <TH scope="col" className="text-right">
            Amount
          </TH>
          <TH scope="col" className="hidden md:table-cell">
            Network
          </TH>
          <TH scope="col" className="max-sm:pr-4">
            Status
          </TH>
          <TH scope="col" className="hidden sm:table-cell">
            Transaction
          </TH>
        </tr>
      </THead>
      <tbody>
        {rows.map((p) => (
          <TR
            key={p.id}
            className="cursor-pointer hover:bg-muted/50"
            onClick={() => router.push(href(`/payouts/${p.id}`))}
          >
            <TD className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
              <DateTime value={p.created_at} />
            </TD>
            <TD className="max-w-40 max-sm:pl-4 sm:max-w-48">
              <Link
                href={href(`/payouts/${p.id}`)}
                className="block truncate hover:underline"
                title={p.reference ?? p.id}
                onClick={(e) => e.stopPropagation()}
              >
                {p.reference ?? <span className="font-mono text-xs text-muted-foreground">{p.id}</span>}
              </Link>
            </TD>
            <TD className="hidden sm:table-cell">
              <Mono value={p.address} />
            </TD>
            <TD className="text-right">
              <Amount value={p.amount} currency={p.asset} className="font-medium" />
            </TD>
            <TD className="hidden whitespace-nowrap md:table-cell">
              <NetworkName id={p.network} />
            </TD>
            <TD className="max-sm:pr-4">
              <PayoutStatusBadge status={p.status} />
            </TD>
            <TD className="hidden sm:table-cell" onClick={(e) => e.stopPropagation()}>
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
