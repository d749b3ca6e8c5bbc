"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Contact } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc-provider";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { CursorList } from "../cursor-list";
import { useDashboard } from "../dashboard-context";
import { DateTime, Mono } from "../display";
import { cursorParams, useUrlCursor } from "../pager";
import { EmptyState, PageHeader, Panel } from "../states";

/**
 * Customers (balance top-ups): newest first, cursor pages in the URL; a row opens the customer. A phone shows
 * reference and credited, so the list fits without scrolling sideways (name and created at sm, address at md).
 */
export function CustomersPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const { scope, href } = useDashboard();
  const [cursor, setCursor] = useUrlCursor();
  const query = useQuery({
    ...trpc.customers.list.queryOptions({ ...scope, ...cursorParams(cursor) }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Customers"
        description="Balance top-ups: each customer has one permanent deposit address on every enabled network."
      />
      <Panel>
        <CursorList
          query={query}
          columns={5}
          empty={
            <EmptyState icon={Contact} title="No customers yet">
              Create one through the API with POST /api/v1/customers: it gets a permanent address, and whatever it sends
              there is credited to your balance as a deposit.
            </EmptyState>
          }
          pager={{ label: "customers", cursor, onChange: setCursor }}
        >
          {(rows) => (
            <Table>
              <THead>
                <tr>
                  <TH scope="col">Reference</TH>
                  <TH scope="col" className="hidden sm:table-cell">
                    Name
                  </TH>
                  <TH scope="col" className="hidden md:table-cell">
                    Deposit address
                  </TH>
                  <TH scope="col" className="max-sm:pr-4">
                    Credited
                  </TH>
                  <TH scope="col" className="hidden sm:table-cell">
                    Created
                  </TH>
                </tr>
              </THead>
              <tbody>
                {rows.map((c) => (
                  <TR
                    key={c.id}
                    className="cursor-pointer hover:bg-muted/50"
                    onClick={() => router.push(href(`/customers/${c.id}`))}
                  >
                    <TD>
                      <Link
                        href={href(`/customers/${c.id}`)}
                        className="block max-w-36 truncate font-medium hover:underline sm:max-w-48"
                        title={c.reference}
                        onClick={(e) => e.stopPropagation()}
                      >
                        {c.reference}
                      </Link>
                    </TD>
                    <TD className="hidden text-muted-foreground sm:table-cell">{c.name ?? c.email ?? "—"}</TD>
                    <TD className="hidden md:table-cell">
                      <Mono value={c.deposit_address} />
                    </TD>
                    <TD className="whitespace-nowrap tabular-nums max-sm:pr-4">
                      {c.balances
                        .filter((b) => /[1-9]/.test(b.credited))
                        .map((b) => `${b.credited} ${b.asset}`)
                        .join(", ") || "—"}
                    </TD>
                    <TD className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                      <DateTime value={c.created_at} />
                    </TD>
                  </TR>
                ))}
              </tbody>
            </Table>
          )}
        </CursorList>
      </Panel>
    </>
  );
}
