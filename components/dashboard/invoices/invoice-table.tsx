"use client";

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { FileText } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { InvoiceRow } from "@/server/invoices/list-invoices.schema";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, reviewReasonWords, StatusBadge } from "../display";
import { EmptyState } from "../states";

const column = createColumnHelper<InvoiceRow>();

/**
 * Which columns a phone shows: amount, status and order (its link opens the invoice) fit at 390 px without scrolling
 * sideways; created comes back at sm, invoice id and address at md (the hidden last column still counts for `last:`,
 * hence the order column's own edge padding on a phone).
 */
const columnClass: Partial<Record<keyof InvoiceRow, string>> = {
  id: "hidden md:table-cell",
  orderId: "max-sm:pr-4",
  address: "hidden md:table-cell",
  createdAt: "hidden sm:table-cell",
};

/** The invoice table: a row opens the invoice (click, or Enter on its order or id link). */
export function InvoiceTable({
  rows,
  empty,
  showReason = false,
}: {
  rows: InvoiceRow[];
  empty: ReactNode;
  showReason?: boolean;
}) {
  const { href } = useDashboard();
  const router = useRouter();
  const columns = [
    column.accessor("amount", {
      header: "Amount",
      cell: (c) => <Amount value={c.getValue()} currency={c.row.original.currency} className="font-medium" />,
    }),
    column.accessor("status", {
      header: "Status",
      cell: (c) => (
        <span className="flex items-center gap-2">
          <StatusBadge status={c.getValue()} />
          {showReason && c.row.original.reviewReason && (
            <span className="text-xs text-muted-foreground">{reviewReasonWords[c.row.original.reviewReason]}</span>
          )}
        </span>
      ),
    }),
    column.accessor("id", {
      header: "Invoice",
      cell: (c) => (
        <Link
          href={href(`/invoices/${c.getValue()}`)}
          className="font-mono text-xs hover:underline"
          onClick={(e) => e.stopPropagation()}
        >
          {c.getValue()}
        </Link>
      ),
    }),
    column.accessor("orderId", {
      header: "Order",
      // The phone's link to the invoice (its id column is hidden there): the order id, else the invoice id.
      cell: (c) => {
        const { id } = c.row.original;
        const orderId = c.getValue();
        return (
          <>
            <Link
              href={href(`/invoices/${id}`)}
              className={cn(
                "block max-w-28 truncate hover:underline sm:max-w-48",
                !orderId && "font-mono text-xs text-muted-foreground md:hidden",
              )}
              title={orderId ?? id}
              onClick={(e) => e.stopPropagation()}
            >
              {orderId ?? id}
            </Link>
            {!orderId && <span className="hidden text-muted-foreground md:inline">—</span>}
          </>
        );
      },
    }),
    column.accessor("address", {
      header: "Address",
      cell: (c) => (c.getValue() ? <Mono value={c.getValue()!} /> : "—"),
    }),
    column.accessor("createdAt", {
      header: "Created",
      cell: (c) => (
        <span className="whitespace-nowrap text-muted-foreground">
          <DateTime value={c.getValue()} />
        </span>
      ),
    }),
  ];
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table's API is not memoizable; this table re-renders with its rows anyway
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.id });
  if (rows.length === 0) return <>{empty}</>;
  return (
    <Table>
      <THead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((h) => (
              <TH key={h.id} scope="col" className={columnClass[h.column.id as keyof InvoiceRow]}>
                {flexRender(h.column.columnDef.header, h.getContext())}
              </TH>
            ))}
          </tr>
        ))}
      </THead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <TR
            key={row.id}
            className="cursor-pointer hover:bg-muted/50"
            onClick={() => router.push(href(`/invoices/${row.id}`))}
          >
            {row.getVisibleCells().map((cell) => (
              <TD key={cell.id} className={columnClass[cell.column.id as keyof InvoiceRow]}>
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </TD>
            ))}
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

export function NoInvoices({ filtered, action }: { filtered: boolean; action?: ReactNode }) {
  return filtered ? (
    <EmptyState icon={FileText} title="No invoices match these filters">
      Try another status, a wider date range, or clear the search.
    </EmptyState>
  ) : (
    <EmptyState icon={FileText} title="No invoices yet" action={action}>
      Create one through the API with your key, or make a payment link here to share with a customer.
    </EmptyState>
  );
}
