"use client";

import { AlertTriangle, type LucideIcon } from "lucide-react";
import { useId, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

/** What an empty list says: what it will hold, and what to do next. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
}: {
  icon: LucideIcon;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center justify-center px-6 py-14 text-center">
      <div className="flex size-10 items-center justify-center rounded-full bg-muted">
        <Icon aria-hidden className="size-5 text-muted-foreground" />
      </div>
      <h3 className="mt-3 text-sm font-semibold">{title}</h3>
      {children && <p className="mt-1 max-w-sm text-sm text-muted-foreground">{children}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

/** A failed load: what happened, and a retry. */
export function ErrorState({ message, onRetry }: { message?: string; onRetry: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-center justify-center px-6 py-14 text-center">
      <AlertTriangle aria-hidden className="size-6 text-red-600 dark:text-red-400" />
      <h3 className="mt-3 text-sm font-semibold">This could not be loaded</h3>
      <p className="mt-1 max-w-sm text-sm text-muted-foreground">{message ?? "Something went wrong on our side."}</p>
      <Button variant="secondary" size="sm" className="mt-4" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

/** Rows of placeholders the height of real rows. */
export function TableSkeleton({ rows = 8, columns = 5 }: { rows?: number; columns?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading" className="divide-y">
      {Array.from({ length: rows }, (_, r) => (
        <div key={r} className="flex h-11 items-center gap-6 px-4">
          {Array.from({ length: columns }, (_, c) => (
            <Skeleton key={c} className="h-3.5" style={{ width: `${[18, 12, 14, 22, 10][c % 5]}%` }} />
          ))}
        </div>
      ))}
    </div>
  );
}

/** A page's title row: heading, a line of context, and the page's main actions. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
      </div>
      {actions && <div className="flex items-center gap-2">{actions}</div>}
    </div>
  );
}

/** A bordered panel holding a table or a form section. */
export function Panel({
  title,
  actions,
  children,
  className,
}: {
  title?: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={title ? headingId : undefined}
      className={`overflow-hidden rounded-xl border bg-card ${className ?? ""}`}
    >
      {title && (
        <div className="flex items-center justify-between gap-3 border-b px-4 py-3">
          <h2 id={headingId} className="text-sm font-semibold">
            {title}
          </h2>
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
