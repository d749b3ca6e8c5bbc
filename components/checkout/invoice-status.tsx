import {
  CircleCheck,
  CircleDashed,
  CircleX,
  Hourglass,
  LoaderCircle,
  TriangleExclamationPoint,
  Undo2,
} from "lucide-react";
import type { InvoiceStatus, PaymentResponse } from "@/server/invoices/invoice.schema";
import type { CheckoutInvoice } from "@/server/invoices/find-public-invoice";
import { cn } from "@/components/ui/cn";
import { checkoutStrings as t } from "./strings";

interface Progress {
  confirmations: number;
  required: number;
}

/** The furthest-along pending payment: what "confirming (n of m)" reports. Null when none is pending. */
export function confirmationProgress(payments: readonly PaymentResponse[]): Progress | null {
  let best: PaymentResponse | undefined;
  for (const p of payments) {
    if (p.status === "pending" && (!best || p.confirmations > best.confirmations)) best = p;
  }
  if (!best) return null;
  // A payment can sit at its target for a moment before the invoice catches up; never show "4 of 3".
  return {
    confirmations: Math.min(best.confirmations, best.required_confirmations),
    required: best.required_confirmations,
  };
}

/** The one sentence the status region says for an invoice (strings.ts holds the words). */
export function statusSentence(invoice: CheckoutInvoice): string {
  switch (invoice.status) {
    case "created":
      return t.status.created;
    case "pending": {
      const progress = confirmationProgress(invoice.payments);
      return progress ? t.status.pending(progress.confirmations, progress.required) : t.status.pendingUnknown;
    }
    case "partially_paid":
      return t.status.partiallyPaid(invoice.amount_paid, invoice.amount_due, invoice.currency);
    default:
      return t.status[invoice.status];
  }
}

const icons: Record<InvoiceStatus, { Icon: typeof CircleCheck; className: string }> = {
  created: { Icon: CircleDashed, className: "text-muted-foreground" },
  pending: {
    Icon: LoaderCircle,
    className: "animate-spin text-amber-600 motion-reduce:animate-none dark:text-amber-400",
  },
  partially_paid: { Icon: Hourglass, className: "text-amber-600 dark:text-amber-400" },
  paid: { Icon: CircleCheck, className: "text-emerald-600 dark:text-emerald-400" },
  review_required: { Icon: TriangleExclamationPoint, className: "text-red-600 dark:text-red-400" },
  expired: { Icon: CircleX, className: "text-muted-foreground" },
  cancelled: { Icon: CircleX, className: "text-muted-foreground" },
  refunded: { Icon: Undo2, className: "text-muted-foreground" },
};

/**
 * The live status: the page's only `role="status"` region, whose text is exactly the sentence (tests
 * wait for "Paid" or "confirming (3 of 3)"), plus a confirmation bar while pending. client/main.ts
 * swaps the icon and the bar, but only ever changes the sentence's text, so the live region itself
 * stays in place and assistive technology announces the change.
 */
export function StatusRegion({ invoice }: { invoice: CheckoutInvoice }) {
  const { Icon, className } = icons[invoice.status];
  const progress = invoice.status === "pending" ? confirmationProgress(invoice.payments) : null;
  const emphasised = invoice.status === "paid";
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <span data-region="status-icon" className="shrink-0">
          <Icon aria-hidden className={cn(emphasised ? "size-7" : "size-5", className)} />
        </span>
        <p
          data-live
          role="status"
          aria-live="polite"
          className={cn("font-medium", emphasised ? "text-xl" : "text-base")}
        >
          {statusSentence(invoice)}
        </p>
      </div>
      <div data-region="status-progress" hidden={!progress}>
        {progress && (
          <div
            role="progressbar"
            aria-label={t.confirmationsLabel}
            aria-valuemin={0}
            aria-valuemax={progress.required}
            aria-valuenow={progress.confirmations}
            className="h-1.5 overflow-hidden rounded-full bg-muted"
          >
            <div
              className="h-full rounded-full bg-amber-500 transition-[width] duration-500"
              style={{
                width: progress.required > 0 ? `${(progress.confirmations / progress.required) * 100}%` : "100%",
              }}
            />
          </div>
        )}
      </div>
      {/* Shown by client/main.ts while the status can't be fetched. */}
      <p data-stale hidden className="text-xs text-muted-foreground">
        {t.reconnecting}
      </p>
    </div>
  );
}
