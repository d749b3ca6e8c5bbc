"use client";

import { Search, X } from "lucide-react";
import { parseAsIsoDate, parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { invoiceStatuses } from "@/server/invoices/invoice.schema";
import { statusWords } from "../display";

/** The invoice table's filters, all in the URL: shareable, and Back undoes a change. */
export function useInvoiceFilters() {
  return useQueryStates(
    {
      status: parseAsStringLiteral(invoiceStatuses),
      q: parseAsString,
      from: parseAsIsoDate,
      to: parseAsIsoDate,
      after: parseAsString,
      before: parseAsString,
    },
    { history: "push" },
  );
}

/** The procedure input of the filters: a date range of whole local days, `to` inclusive. */
export function filtersToQuery(f: ReturnType<typeof useInvoiceFilters>[0]) {
  const localDay = (d: Date, plusDays = 0) => new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + plusDays);
  return {
    status: f.status ?? undefined,
    search: f.q ?? undefined,
    createdFrom: f.from ? localDay(f.from) : undefined,
    createdTo: f.to ? localDay(f.to, 1) : undefined,
    limit: 20,
    starting_after: f.after ?? undefined,
    ending_before: f.before ?? undefined,
  };
}

const toInput = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

export function InvoiceFilters() {
  const [filters, setFilters] = useInvoiceFilters();
  // Any change of filter starts again at the first page.
  const set = (patch: Partial<typeof filters>) => void setFilters({ ...patch, after: null, before: null });
  const active = filters.status || filters.q || filters.from || filters.to;

  return (
    <div className="flex flex-wrap items-end gap-3 border-b px-4 py-3">
      <form
        role="search"
        // Remounted when the URL's search changes (Back, Clear), so the box always shows what is applied.
        key={filters.q ?? ""}
        className="flex min-w-64 flex-1 flex-col gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
          set({ q: q || null });
        }}
      >
        <Label htmlFor="invoice-search" className="text-xs text-muted-foreground">
          Search
        </Label>
        <div className="relative">
          <Search aria-hidden className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" />
          <Input
            id="invoice-search"
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            placeholder="Invoice id, order id, address or tx hash"
            className="pl-8"
          />
        </div>
      </form>
      <div className="flex flex-col gap-1">
        <Label htmlFor="invoice-status" className="text-xs text-muted-foreground">
          Status
        </Label>
        <Select
          id="invoice-status"
          value={filters.status ?? ""}
          onChange={(e) => set({ status: (e.target.value || null) as typeof filters.status })}
          className="w-40"
        >
          <option value="">All statuses</option>
          {invoiceStatuses.map((s) => (
            <option key={s} value={s}>
              {statusWords[s]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="invoice-from" className="text-xs text-muted-foreground">
          Created from
        </Label>
        <Input
          id="invoice-from"
          type="date"
          value={toInput(filters.from)}
          onChange={(e) => set({ from: e.target.value ? new Date(`${e.target.value}T00:00:00Z`) : null })}
          className="w-40"
        />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="invoice-to" className="text-xs text-muted-foreground">
          Created to
        </Label>
        <Input
          id="invoice-to"
          type="date"
          value={toInput(filters.to)}
          onChange={(e) => set({ to: e.target.value ? new Date(`${e.target.value}T00:00:00Z`) : null })}
          className="w-40"
        />
      </div>
      {active && (
        <Button
          variant="ghost"
          size="sm"
          className="mb-0.5"
          onClick={() => set({ status: null, q: null, from: null, to: null })}
        >
          <X aria-hidden className="size-4" /> Clear filters
        </Button>
      )}
    </div>
  );
}
