"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { ArrowLeft, type LucideIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/checkout/copy-button";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState, Panel } from "./states";

/** What a detail page needs of its query's error (a tRPC client error is one). */
export interface DetailError {
  message: string;
  data?: { code?: string } | null;
}

/** The `retry` of a detail page's query: a missing object is final, any other failure is tried twice more. */
export const retryUnlessNotFound = (count: number, error: DetailError) => error.data?.code !== "NOT_FOUND" && count < 2;

/**
 * A detail page's frame: the link back to its list, then a skeleton while the object loads, "No such … in this mode"
 * when it does not exist (in this mode, or for this merchant), an error with a retry, or `children` of the data.
 */
export function DetailFrame<T>({
  back,
  query,
  notFound,
  children,
}: {
  back: { href: string; label: string };
  query: UseQueryResult<T, DetailError>;
  notFound: { icon: LucideIcon; title: string };
  children: (data: T) => ReactNode;
}) {
  return (
    <>
      <Link
        href={back.href}
        className="mb-4 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft aria-hidden className="size-4" /> {back.label}
      </Link>
      {query.isPending ? (
        <div aria-busy="true" className="flex flex-col gap-4">
          <Skeleton className="h-10 w-64" />
          <Skeleton className="h-40" />
          <Skeleton className="h-64" />
        </div>
      ) : query.isError ? (
        <Panel>
          {query.error.data?.code === "NOT_FOUND" ? (
            <EmptyState icon={notFound.icon} title={notFound.title}>
              It may belong to the other mode, or to another merchant.
            </EmptyState>
          ) : (
            <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
          )}
        </Panel>
      ) : (
        children(query.data)
      )}
    </>
  );
}

/** A detail page's object id under its title: whole, monospaced, copyable (`what` names it for screen readers). */
export function DetailId({ id, what }: { id: string; what: string }) {
  return (
    <div className="mt-1 flex items-center gap-2 text-sm text-muted-foreground">
      <span className="font-mono text-xs break-all">{id}</span>
      <CopyButton value={id} what={what} />
    </div>
  );
}
