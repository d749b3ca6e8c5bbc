"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Webhook } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/trpc-provider";
import { Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { InvoiceStatus } from "@/server/invoices/invoice.schema";
import { useDashboard } from "../dashboard-context";
import { DateTime, statusWords } from "../display";
import { ErrorState, PageHeader, Panel } from "../states";

// The status colours of the badges (components/ui/badge.tsx), as chart fills.
const statusFill: Record<InvoiceStatus, string> = {
  paid: "#10b981",
  pending: "#f59e0b",
  partially_paid: "#fbbf24",
  review_required: "#ef4444",
  created: "#a1a1aa",
  expired: "#d4d4d8",
  cancelled: "#71717a",
  refunded: "#52525b",
};
const stacked: InvoiceStatus[] = [
  "paid",
  "pending",
  "partially_paid",
  "review_required",
  "created",
  "expired",
  "cancelled",
  "refunded",
];
const dayLabel = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

function Stat({ label, value, href }: { label: string; value: number; href?: string }) {
  const body = (
    <>
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
    </>
  );
  return href ? (
    <Link href={href} className="rounded-xl border bg-card p-4 hover:bg-muted/40">
      {body}
    </Link>
  ) : (
    <div className="rounded-xl border bg-card p-4">{body}</div>
  );
}

/** The overview: invoices and paid volume over 30 days, and what needs attention. */
export function OverviewPage() {
  const trpc = useTRPC();
  const { scope, href, can, merchant } = useDashboard();
  const query = useQuery(trpc.overview.stats.queryOptions({ ...scope, days: 30 }));
  const [currency, setCurrency] = useState<string | null>(null);

  if (query.isError)
    return (
      <>
        <PageHeader title="Overview" />
        <Panel>
          <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
        </Panel>
      </>
    );
  const data = query.data;
  const currencies = [...new Set((data?.volumeByDay ?? []).map((v) => v.currency))].sort();
  const shown = currency && currencies.includes(currency) ? currency : (currencies[0] ?? null);
  // Chart heights only: the exact decimal strings are in the tooltip and never summed in the browser.
  const volume = (data?.days ?? []).map((day) => {
    const v = data?.volumeByDay.find((x) => x.day === day && x.currency === shown);
    return { day, amount: v ? Number(v.amount) : 0, exact: v?.amount ?? "0" };
  });
  const counts = (data?.countsByDay ?? []).map((d) => ({ day: d.day, ...d.counts }));

  return (
    <>
      <PageHeader title="Overview" description={`${merchant.name}, the last 30 days (UTC days).`} />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {data ? (
          <>
            <Stat label="Invoices created" value={data.totals.created} href={href("/invoices")} />
            <Stat label="Paid" value={data.totals.paid} href={href("/invoices?status=paid")} />
            <Stat label="Open now" value={data.totals.open} />
            <Stat label="Need review" value={data.totals.review} href={href("/review")} />
          </>
        ) : (
          Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-[82px] rounded-xl" />)
        )}
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Panel title="Needs attention" className="lg:col-span-1">
          {!data ? (
            <div className="p-4">
              <Skeleton className="h-24" />
            </div>
          ) : (
            <ul className="divide-y text-sm">
              <li className="flex items-center gap-3 px-4 py-3">
                {data.totals.review > 0 ? (
                  <AlertTriangle aria-hidden className="size-4 text-red-600" />
                ) : (
                  <CheckCircle2 aria-hidden className="size-4 text-emerald-600" />
                )}
                {data.totals.review > 0 ? (
                  <Link href={href("/review")} className="hover:underline">
                    {data.totals.review} invoice{data.totals.review === 1 ? "" : "s"} waiting for review
                  </Link>
                ) : (
                  <span>No invoice waits for review</span>
                )}
              </li>
              {can("webhooks:read") &&
                (data.failingEndpoints.length === 0 ? (
                  <li className="flex items-center gap-3 px-4 py-3">
                    <CheckCircle2 aria-hidden className="size-4 text-emerald-600" /> Webhook endpoints are healthy
                  </li>
                ) : (
                  data.failingEndpoints.map((e) => (
                    <li key={e.id} className="flex items-start gap-3 px-4 py-3">
                      <Webhook aria-hidden className="mt-0.5 size-4 text-red-600" />
                      <span className="min-w-0">
                        <Link
                          href={href(`/developers/webhooks/${e.id}`)}
                          className="block truncate font-mono text-xs hover:underline"
                        >
                          {e.url}
                        </Link>
                        <span className="text-xs text-muted-foreground">
                          {e.disabled ? (
                            "Disabled after failing"
                          ) : (
                            <>
                              Failing since <DateTime value={e.failingSince!} />
                            </>
                          )}
                        </span>
                      </span>
                    </li>
                  ))
                ))}
            </ul>
          )}
        </Panel>

        <Panel title="Invoices by status" className="lg:col-span-2">
          <div className="h-64 p-4">
            {!data ? (
              <Skeleton className="h-full" />
            ) : data.totals.created === 0 ? (
              <div className="flex h-full flex-col items-center justify-center gap-1 text-center text-sm text-muted-foreground">
                <p>No invoices in the last 30 days.</p>
                <p>
                  Create one with the API or a{" "}
                  <Link href={href("/invoices")} className="text-accent hover:underline">
                    payment link
                  </Link>
                  .
                </p>
              </div>
            ) : (
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={counts} margin={{ left: -20, right: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d4d4d8" />
                  <XAxis
                    dataKey="day"
                    tickFormatter={dayLabel}
                    tick={{ fontSize: 11 }}
                    interval="preserveStartEnd"
                    minTickGap={24}
                  />
                  <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                  <Tooltip labelFormatter={(d) => dayLabel(String(d))} contentStyle={{ fontSize: 12 }} />
                  <Legend wrapperStyle={{ fontSize: 11 }} />
                  {stacked.map((s) => (
                    <Bar
                      key={s}
                      dataKey={s}
                      name={statusWords[s]}
                      stackId="a"
                      fill={statusFill[s]}
                      isAnimationActive={false}
                    />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            )}
          </div>
        </Panel>
      </div>

      <Panel
        className="mt-6"
        title="Paid volume"
        actions={
          currencies.length > 1 ? (
            <Select
              aria-label="Currency"
              value={shown ?? ""}
              onChange={(e) => setCurrency(e.target.value)}
              className="h-8 w-28"
            >
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          ) : undefined
        }
      >
        <div className="h-56 p-4">
          {!data ? (
            <Skeleton className="h-full" />
          ) : !shown ? (
            <div className="flex h-full items-center justify-center text-sm text-muted-foreground">
              No paid invoices in the last 30 days.
            </div>
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={volume} margin={{ left: -10, right: 8 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d4d4d8" />
                <XAxis
                  dataKey="day"
                  tickFormatter={dayLabel}
                  tick={{ fontSize: 11 }}
                  interval="preserveStartEnd"
                  minTickGap={24}
                />
                <YAxis tick={{ fontSize: 11 }} />
                <Tooltip
                  labelFormatter={(d) => dayLabel(String(d))}
                  formatter={(_v, _n, item) => [`${(item.payload as { exact: string }).exact} ${shown}`, "Paid"]}
                  contentStyle={{ fontSize: 12 }}
                />
                <Bar dataKey="amount" name="Paid" fill="#6366f1" radius={[3, 3, 0, 0]} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </div>
      </Panel>
    </>
  );
}
