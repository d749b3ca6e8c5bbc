import type { ComponentProps } from "react";
import type { InvoiceStatus } from "@/server/invoices/invoice.schema";
import { cn } from "./cn";

const tones = {
  green:
    "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30",
  red: "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30",
  gray: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-500/10 dark:text-zinc-300 dark:ring-zinc-400/30",
} as const;

export type BadgeTone = keyof typeof tones;

/** One colour per status everywhere, dashboard and hosted page alike: green paid, amber in progress, red needs review, gray inactive. */
export const statusTone: Record<InvoiceStatus, BadgeTone> = {
  created: "gray",
  pending: "amber",
  partially_paid: "amber",
  paid: "green",
  review_required: "red",
  expired: "gray",
  cancelled: "gray",
  refunded: "gray",
};

/** A small coloured label; pass the words, the tone carries the meaning. */
export function Badge({ tone = "gray", className, ...props }: ComponentProps<"span"> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        tones[tone],
        className,
      )}
      {...props}
    />
  );
}
