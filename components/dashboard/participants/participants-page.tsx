"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Users } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc-provider";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { CursorList } from "../cursor-list";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, NetworkName } from "../display";
import { cursorParams, useUrlCursor } from "../pager";
import { EmptyState, PageHeader, Panel } from "../states";

/** Marketplace participants: newest first, cursor pages in the URL, each with its balances; a row opens it. */
export function ParticipantsPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const { scope, href } = useDashboard();
  const [cursor, setCursor] = useUrlCursor();
  const query = useQuery({
    ...trpc.participants.list.queryOptions({ ...scope, ...cursorParams(cursor) }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Participants"
        description="Marketplace sellers: invoices with splits move their shares to them when paid; payouts pay them out."
      />
      <Panel>
        <CursorList
          query={query}
          columns={5}
          empty={
            <EmptyState icon={Users} title="No participants yet">
              Create one through the API with POST /api/v1/participants, then give invoices splits naming it.
            </EmptyState>
          }
          pager={{ label: "participants", cursor, onChange: setCursor }}
        >
          {(rows) => (
            <Table>
              <THead>
                <tr>
                  <TH scope="col">Name</TH>
                  <TH scope="col" className="hidden md:table-cell">
                    Reference
                  </TH>
                  <TH scope="col" className="hidden sm:table-cell">
                    Payout address
                  </TH>
                  <TH scope="col">Available</TH>
                  <TH scope="col" className="hidden sm:table-cell">
                    Created
                  </TH>
                </tr>
              </THead>
              <tbody>
                {rows.map((p) => (
                  <TR
                    key={p.id}
                    className="cursor-pointer hover:bg-muted/50"
                    onClick={() => router.push(href(`/participants/${p.id}`))}
                  >
                    <TD>
                      <Link
                        href={href(`/participants/${p.id}`)}
                        className="font-medium hover:underline"
                        onClick={(e) => e.stopPropagation()}
                      >
                        {p.name}
                      </Link>
                    </TD>
                    <TD className="hidden max-w-48 truncate text-muted-foreground md:table-cell" title={p.reference}>
                      {p.reference}
                    </TD>
                    <TD className="hidden sm:table-cell">
                      <Mono value={p.address} what="address" />
                    </TD>
                    <TD>
                      {p.balances.length === 0 ? (
                        <span className="text-muted-foreground">—</span>
                      ) : (
                        <ul className="flex flex-col gap-0.5">
                          {p.balances.map((b) => (
                            <li key={`${b.network}/${b.asset}`} className="whitespace-nowrap">
                              <Amount value={b.available} currency={b.asset} />{" "}
                              <span className="text-xs text-muted-foreground">
                                on <NetworkName id={b.network} />
                              </span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </TD>
                    <TD className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                      <DateTime value={p.created_at} />
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
