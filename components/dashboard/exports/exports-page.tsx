"use client";

import { Download, FileSpreadsheet, X } from "lucide-react";
import { parseAsIsoDate, parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Label, Select } from "@/components/ui/input";
import { exportKinds, type ExportKind } from "@/server/exports/export.schema";
import { useDashboard } from "../dashboard-context";
import { EmptyState, PageHeader, Panel } from "../states";

const kindWords: Record<ExportKind, { title: string; description: string }> = {
  invoices: {
    title: "Invoices",
    description: "Every invoice with its amounts, status, order id, locked rates and metadata.",
  },
  payments: {
    title: "Payments",
    description: "Every transfer received: invoice, order id, transaction, block, fiat value.",
  },
  payouts: {
    title: "Payouts",
    description: "Every payout: batch, reference, address, transaction, block and network fee.",
  },
  refunds: {
    title: "Refunds",
    description: "Every refund: invoice, order id, address, payout, transaction, block and the balance it drew on.",
  },
  withdrawals: {
    title: "Withdrawals",
    description: "Every auto-withdrawal: rule, address, sweep, transactions, blocks and network fee.",
  },
  deposits: {
    title: "Deposits",
    description: "Every deposit to a customer's address: customer, reference, status, transaction, block.",
  },
  balance_transactions: {
    title: "Balance transactions",
    description: "Each movement of the available balance, signed, with its source.",
  },
  xero: {
    title: "Xero bank statement",
    description: "Posted movements as Date, Amount, Payee, Description, Reference (DD/MM/YYYY).",
  },
  quickbooks: {
    title: "QuickBooks bank upload",
    description: "Posted movements as Date, Description, Amount (MM/DD/YYYY).",
  },
};

/** The export form's state, all in the URL: a link to this page prepares the same file. */
export function useExportFilters() {
  return useQueryStates(
    {
      kind: parseAsStringLiteral(exportKinds).withDefault("invoices"),
      from: parseAsIsoDate,
      to: parseAsIsoDate,
      network: parseAsString,
      asset: parseAsString,
    },
    { history: "replace" },
  );
}

type Filters = ReturnType<typeof useExportFilters>[0];

/** The download's query: whole UTC days, `to` inclusive (exports are UTC). */
export function exportSearch(f: Filters): string {
  const q = new URLSearchParams();
  if (f.from) q.set("created_gte", f.from.toISOString());
  if (f.to) q.set("created_lt", new Date(f.to.getTime() + 24 * 3600_000).toISOString());
  if (f.network) q.set("network", f.network);
  if (f.asset) q.set("asset", f.asset);
  const s = q.toString();
  return s ? `?${s}` : "";
}

type Progress =
  | { state: "idle" }
  | { state: "downloading"; bytes: number; rows: number }
  | { state: "done"; bytes: number; rows: number; file: string }
  | { state: "error"; message: string };

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} kB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const toInput = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");
const fromInput = (v: string) => (v ? new Date(`${v}T00:00:00Z`) : null);

/** Read a streamed CSV download, reporting bytes and rows as they arrive; resolves to the file's bytes. */
async function readDownload(res: Response, onProgress: (bytes: number, rows: number) => void): Promise<Blob> {
  const reader = res.body!.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    bytes += value.byteLength;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
    onProgress(bytes, Math.max(0, lines - 1));
  }
  return new Blob(chunks, { type: "text/csv;charset=utf-8" });
}

function fileNameOf(res: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "");
  return match?.[1] ?? fallback;
}

/** Exports: pick a kind, a UTC date range and a network and asset; the file streams in with its progress shown. */
export function ExportsPage({ networks }: { networks: { id: string; name: string; assets: string[] }[] }) {
  const { can, href } = useDashboard();
  const [filters, setFilters] = useExportFilters();
  const [progress, setProgress] = useState<Progress>({ state: "idle" });
  const abort = useRef<AbortController | null>(null);
  const network = networks.find((n) => n.id === filters.network);
  const assets = [...new Set((network ? [network] : networks).flatMap((n) => n.assets))].sort();
  const url = `${href("/exports")}/${filters.kind}.csv${exportSearch(filters)}`;

  if (!can("exports:read")) {
    return (
      <>
        <PageHeader title="Exports" />
        <Panel>
          <EmptyState icon={FileSpreadsheet} title="Exports are for finance">
            Your role cannot download exports. An owner or admin can give you the finance role.
          </EmptyState>
        </Panel>
      </>
    );
  }

  const download = async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ state: "downloading", bytes: 0, rows: 0 });
    try {
      const res = await fetch(url, { signal: controller.signal, credentials: "same-origin" });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setProgress({ state: "error", message: body?.error?.message ?? `The download failed (${res.status}).` });
        return;
      }
      const file = fileNameOf(res, `payrail-${filters.kind}.csv`);
      const blob = await readDownload(res, (bytes, rows) => setProgress({ state: "downloading", bytes, rows }));
      const objectUrl = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = objectUrl;
      a.download = file;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
      setProgress((p) => ({ state: "done", file, bytes: blob.size, rows: p.state === "downloading" ? p.rows : 0 }));
    } catch (error) {
      if (controller.signal.aborted) setProgress({ state: "idle" });
      else setProgress({ state: "error", message: error instanceof Error ? error.message : "The download failed." });
    }
  };

  const busy = progress.state === "downloading";
  return (
    <>
      <PageHeader
        title="Exports"
        description="CSV files of this mode, oldest first, in UTC. Amounts are decimal strings; any size streams."
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <Panel title="What to export">
          <fieldset className="grid gap-2 p-4 sm:grid-cols-2">
            <legend className="sr-only">Export</legend>
            {exportKinds.map((kind) => (
              <label
                key={kind}
                className={cn(
                  "flex cursor-pointer gap-3 rounded-lg border p-3 text-sm hover:bg-muted/60",
                  filters.kind === kind && "border-accent bg-muted/60",
                )}
              >
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={filters.kind === kind}
                  onChange={() => void setFilters({ kind })}
                  className="mt-0.5 accent-[var(--color-accent,currentColor)]"
                />
                <span>
                  <span className="block font-medium">{kindWords[kind].title}</span>
                  <span className="block text-muted-foreground">{kindWords[kind].description}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="flex flex-wrap items-end gap-3 border-t px-4 py-3">
            <div className="flex flex-col gap-1">
              <Label htmlFor="export-from" className="text-xs text-muted-foreground">
                From (UTC)
              </Label>
              <Input
                id="export-from"
                type="date"
                value={toInput(filters.from)}
                onChange={(e) => void setFilters({ from: fromInput(e.target.value) })}
                className="w-40"
              />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="export-to" className="text-xs text-muted-foreground">
                To (UTC, inclusive)
              </Label>
              <Input
                id="export-to"
                type="date"
                value={toInput(filters.to)}
                onChange={(e) => void setFilters({ to: fromInput(e.target.value) })}
                className="w-40"
              />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="export-network" className="text-xs text-muted-foreground">
                Network
              </Label>
              <Select
                id="export-network"
                value={filters.network ?? ""}
                onChange={(e) => {
                  const next = networks.find((n) => n.id === e.target.value);
                  const keepAsset = filters.asset && (!next || next.assets.includes(filters.asset));
                  void setFilters({ network: e.target.value || null, asset: keepAsset ? filters.asset : null });
                }}
                className="w-40"
              >
                <option value="">All networks</option>
                {networks.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.name}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="export-asset" className="text-xs text-muted-foreground">
                Asset
              </Label>
              <Select
                id="export-asset"
                value={filters.asset ?? ""}
                onChange={(e) => void setFilters({ asset: e.target.value || null })}
                className="w-32"
              >
                <option value="">All assets</option>
                {assets.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </Select>
            </div>
          </div>
          {(filters.kind === "xero" || filters.kind === "quickbooks") && (!filters.network || !filters.asset) && (
            <p className="border-t px-4 py-3 text-sm text-muted-foreground">
              A bank statement is one account: choose a network and an asset so that every amount is in the same unit.
            </p>
          )}
        </Panel>
        <Panel title="Download">
          <div className="flex flex-col gap-3 p-4 text-sm">
            <p className="break-all font-mono text-xs text-muted-foreground">
              {filters.kind}.csv{exportSearch(filters)}
            </p>
            <div className="flex gap-2">
              <Button onClick={() => void download()} disabled={busy}>
                <Download aria-hidden className="size-4" /> {busy ? "Downloading…" : "Download CSV"}
              </Button>
              {busy && (
                <Button variant="ghost" onClick={() => abort.current?.abort()}>
                  <X aria-hidden className="size-4" /> Cancel
                </Button>
              )}
            </div>
            <div role="status" aria-live="polite" className="min-h-10">
              {progress.state === "downloading" && (
                <>
                  <div className="mb-1 h-1.5 overflow-hidden rounded-full bg-muted">
                    <div className="h-full w-1/3 animate-pulse rounded-full bg-accent" />
                  </div>
                  <span>
                    Received {size(progress.bytes)} · {progress.rows.toLocaleString()} rows
                  </span>
                </>
              )}
              {progress.state === "done" && (
                <span>
                  Saved {progress.file}: {progress.rows.toLocaleString()} rows, {size(progress.bytes)}.
                </span>
              )}
              {progress.state === "error" && <span className="text-destructive">{progress.message}</span>}
            </div>
          </div>
        </Panel>
      </div>
    </>
  );
}
